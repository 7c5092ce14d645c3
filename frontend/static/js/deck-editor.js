// The deck editor: the presentation's slides (every question type, content slides, PDF pages) as
// thumbnails to choose, drag, move by keyboard, duplicate and delete; the chosen slide as the
// projector shows it or as a phone shows it (the real pages, pages/preview.py, in frames); and its
// settings beside it, saved as they are typed (slide-autosave.js). Below editor: read-only.
import { el, tr } from './common.js';
import { questionForm, questionSummary } from './question-form.js';
import { draggable } from './deck-drag.js';
import { previewStage } from './deck-preview.js';
import { autosave, saveStatus } from './slide-autosave.js';
import { mediaUrl } from './types/kit.js';


/**
 * ctx: call, problem, presentation() (the open one, with its questions), canEdit(),
 * stored(presentation) (kept without drawing the page again), replace(presentation) (kept and
 * drawn again), extras() (the import controls under the thumbnails).
 */
export function deckEditor(ctx) {
  let shownFor = null; // the presentation the state below is about
  let chosen = null; // the chosen slide's id
  let adding = false; // the new-slide form is open
  let addForm = null; // that form: kept when the editor is drawn again, so nothing typed is lost
  let saver = null; // the chosen slide's autosave
  const announce = el('p', { class: 'sr-only', id: 'deck-announce', role: 'status', 'aria-live': 'polite' });
  let rail = null;
  let dragEnded = false; // the click that ends a drag chooses nothing

  const questions = () => ctx.presentation().questions;
  const current = () => questions().find((q) => q.id === chosen) || null;
  const preview = previewStage(current);

  function card() {
    const presentation = ctx.presentation();
    if (shownFor !== presentation.id) {
      shownFor = presentation.id;
      chosen = questions()[0]?.id || null;
      adding = false;
      addForm = null;
      preview.reset();
    }
    if (!current()) chosen = questions()[0]?.id || null;
    rail = el('ol', { class: 'qlist thumbs', id: 'thumbs', 'aria-describedby': ctx.canEdit() ? 'deck-help' : null });
    drawThumbs();
    const add = ctx.canEdit() && el('button', { class: 'btn primary', type: 'button', id: 'add-question' }, tr('dash.add_question'));
    if (add) add.addEventListener('click', async () => {
      if (!(await leaveSlide())) return;
      adding = true;
      addForm = null;
      drawSettings();
      document.getElementById('q-prompt')?.focus();
    });
    return el(
      'section',
      { class: 'card deck', id: 'deck', 'aria-labelledby': 'deck-title' },
      el('h2', { id: 'deck-title' }, tr('dash.slides')),
      el(
        'div',
        { class: 'deck-grid' },
        el(
          'div',
          { class: 'deck-rail' },
          ctx.canEdit() && el('p', { class: 'help', id: 'deck-help' }, tr('dash.deck_help')),
          questions().length ? rail : el('p', { class: 'muted' }, tr('dash.no_questions')),
          announce,
          add,
          ...(ctx.canEdit() ? ctx.extras() : []),
        ),
        preview.node(),
        el('div', { class: 'deck-settings', id: 'deck-settings' }),
      ),
    );
  }

  // ----- thumbnails -----
  function drawThumbs() {
    if (!rail) return;
    const focused = document.activeElement?.closest?.('.thumb')?.dataset.id;
    const focusedPart = document.activeElement?.dataset?.part;
    rail.replaceChildren(...questions().map((q, i) => thumb(q, i)));
    if (focused) rail.querySelector(`.thumb[data-id="${focused}"] [data-part="${focusedPart || 'pick'}"]:not(:disabled)`)?.focus();
  }

  function thumb(q, i) {
    const total = questions().length;
    const isChosen = q.id === chosen && !adding;
    const pick = el(
      'button',
      {
        class: 'thumb-pick',
        type: 'button',
        dataset: { part: 'pick' },
        'aria-pressed': String(isChosen),
      },
      // Its name is what it shows: "Slide 2 of 5:" and the prompt (the options are decoration).
      el('span', { class: 'sr-only' }, `${tr('dash.slide_pick', { n: i + 1, total })} `),
      miniature(q),
    );
    pick.addEventListener('click', () => {
      if (!dragEnded) choose(q.id);
    });
    const item = el(
      'li',
      { class: `q thumb${isChosen ? ' chosen' : ''}`, dataset: { id: q.id } },
      el('div', { class: 'thumb-head' }, el('span', { class: 'qnum' }, String(i + 1)), el('span', { class: 'kind' }, tr(`dash.type_${q.type}`)), ctx.canEdit() && el('span', { class: 'grip', 'aria-hidden': 'true', title: tr('dash.drag') }, '⠿')),
      pick,
      el('p', { class: 'meta' }, questionSummary(q)),
      ctx.canEdit() && actions(q, i, total),
    );
    pick.addEventListener('keydown', (event) => keys(event, q));
    if (ctx.canEdit()) dragging(item, q);
    return item;
  }

  /** What the projector shows, small: the picture (a PDF page is only that), the prompt, the options. */
  function miniature(q) {
    const image = q.settings.image;
    const page = !!(q.settings.image_fill && image);
    const optionPictures = q.options.filter((o) => o.image?.media_id).slice(0, 4);
    return el(
      'span',
      { class: `mini${page ? ' page' : ''}` },
      image && el('img', { class: 'mini-img', src: mediaUrl(image.media_id, true), alt: '', loading: 'lazy' }),
      !page && el('span', { class: 'qprompt' }, q.prompt),
      page && el('span', { class: 'qprompt sr-only' }, q.prompt),
      optionPictures.length > 0 && el('span', { class: 'mini-pics', 'aria-hidden': 'true' }, optionPictures.map((o) => el('img', { src: mediaUrl(o.image.media_id, true), alt: '', loading: 'lazy' }))),
      !optionPictures.length && q.options.length > 0 && el('span', { class: 'mini-bars', 'aria-hidden': 'true' }, q.options.slice(0, 4).map((o) => el('span', { class: 'mini-bar' }, o.label))),
    );
  }

  function actions(q, i, total) {
    const button = (part, label, text, disabled, run) => {
      const b = el('button', { class: 'btn icon small', type: 'button', dataset: { part }, disabled, title: label, 'aria-label': label }, text);
      b.addEventListener('click', run);
      return b;
    };
    return el(
      'div',
      { class: 'qactions' },
      button('up', tr('dash.up'), '↑', i === 0, () => move(q.id, questions().findIndex((x) => x.id === q.id) - 1)),
      button('down', tr('dash.down'), '↓', i === total - 1, () => move(q.id, questions().findIndex((x) => x.id === q.id) + 1)),
      button('duplicate', tr('dash.duplicate_slide'), '⧉', false, () => duplicate(q)),
      button('delete', tr('dash.delete_slide'), '✕', false, () => remove(q)),
    );
  }

  function keys(event, q) {
    const picks = [...rail.querySelectorAll('.thumb-pick')];
    const i = questions().findIndex((x) => x.id === q.id); // now, not when it was drawn
    const step = { ArrowUp: -1, ArrowDown: 1 }[event.key];
    if (step && event.altKey && ctx.canEdit()) {
      event.preventDefault();
      move(q.id, i + step);
    } else if (step) {
      event.preventDefault();
      picks[Math.min(Math.max(i + step, 0), picks.length - 1)].focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      picks[event.key === 'Home' ? 0 : picks.length - 1].focus();
    }
  }

  // ----- reordering, duplicating, deleting -----
  let ordering = Promise.resolve(); // one order at a time, in the order they were asked for

  /** Show the new order at once, then store it; refused: back to the order the server has. */
  function putOrder(ids, movedId) {
    const before = questions();
    const byId = new Map(before.map((q) => [q.id, q]));
    ctx.stored({ ...ctx.presentation(), questions: ids.map((id) => byId.get(id)) });
    drawThumbs();
    ordering = ordering.then(async () => {
      const r = await ctx.call('PUT', `/api/presentations/${ctx.presentation().id}/question-order`, { question_ids: ids });
      // Said once it is stored: the place it is said to have is the one it keeps.
      if (r.ok) return say(tr('dash.moved_to', { n: ids.indexOf(movedId) + 1, total: ids.length }));
      const fresh = await ctx.call('GET', `/api/presentations/${ctx.presentation().id}`);
      if (fresh.ok) ctx.stored(fresh.data);
      drawThumbs();
      say(ctx.problem(r));
    });
    return ordering;
  }

  function move(id, to) {
    const ids = questions().map((q) => q.id);
    if (to < 0 || to >= ids.length) return ordering;
    ids.splice(ids.indexOf(id), 1);
    ids.splice(to, 0, id);
    return putOrder(ids, id);
  }

  async function duplicate(q) {
    if (!(await leaveSlide())) return;
    const r = await ctx.call('POST', `/api/questions/${q.id}/duplicate`);
    if (!r.ok) return say(ctx.problem(r));
    const list = [...questions()];
    list.splice(list.findIndex((x) => x.id === q.id) + 1, 0, r.data);
    chosen = r.data.id;
    ctx.stored({ ...ctx.presentation(), questions: list });
    drawThumbs();
    drawSettings();
    preview.show();
    rail.querySelector(`.thumb[data-id="${r.data.id}"] .thumb-pick`)?.focus();
    say(tr('dash.duplicated', { n: list.indexOf(r.data) + 1, total: list.length }));
  }

  async function remove(q) {
    if (!confirm(tr('dash.confirm_delete_question', { prompt: q.prompt }))) return;
    const r = await ctx.call('DELETE', `/api/questions/${q.id}`);
    if (!r.ok) return say(ctx.problem(r));
    const list = questions();
    const at = list.findIndex((x) => x.id === q.id);
    const rest = list.filter((x) => x.id !== q.id);
    if (chosen === q.id) {
      saver = null; // its edits went with it
      chosen = rest[Math.min(at, rest.length - 1)]?.id || null;
    }
    ctx.replace({ ...ctx.presentation(), questions: rest });
    document.querySelector(`.thumb[data-id="${chosen}"] .thumb-pick`)?.focus();
    say(tr('dash.deleted_slide', { prompt: q.prompt }));
  }

  function say(text) {
    announce.textContent = '';
    // A new text node each time: the same words said twice are read out twice.
    requestAnimationFrame(() => {
      announce.textContent = text;
    });
  }

  /** Drag a thumbnail up or down the list (deck-drag.js); dropped: the new order. */
  function dragging(item, q) {
    draggable(item, rail, (ids) => {
      dragEnded = true; // the click that ends a drag chooses nothing
      setTimeout(() => {
        dragEnded = false;
      }, 0);
      if (!ids || ids.join() === questions().map((x) => x.id).join()) return drawThumbs();
      putOrder(ids, q.id);
    });
  }

  // ----- choosing a slide: its preview and its settings -----
  /** Before leaving the chosen slide: its edits saved; false (and it stays) when they cannot be. */
  async function leaveSlide() {
    if (!saver) return true;
    const ok = await saver.flush();
    if (!ok) say(tr('dash.save_first'));
    return ok;
  }

  async function choose(id) {
    if (id === chosen && !adding) return;
    if (!(await leaveSlide())) return;
    chosen = id;
    adding = false;
    addForm = null;
    drawThumbs();
    drawSettings();
    preview.show();
  }

  function drawSettings() {
    const pane = document.getElementById('deck-settings');
    if (!pane) return;
    saver = null;
    const presentation = ctx.presentation();
    if (!ctx.canEdit()) {
      const q = current();
      pane.replaceChildren(
        el('h3', {}, tr('dash.slide_details')),
        q ? el('p', { class: 'qprompt-detail' }, q.prompt) : el('p', { class: 'muted' }, tr('dash.no_questions')),
        q && el('p', { class: 'meta' }, questionSummary(q)),
      );
      return;
    }
    if (adding) {
      addForm ??= questionForm(null, {
        call: ctx.call,
        problem: ctx.problem,
        presentation,
        done(saved) {
          adding = false;
          addForm = null;
          if (saved) {
            chosen = saved.id;
            ctx.replace({ ...ctx.presentation(), questions: [...questions(), saved] });
          } else {
            drawThumbs();
            drawSettings();
          }
        },
      });
      pane.replaceChildren(addForm);
      return;
    }
    const q = current();
    if (!q) {
      pane.replaceChildren(el('p', { class: 'muted' }, tr('dash.deck_empty_help')));
      return;
    }
    const form = questionForm(q, { call: ctx.call, problem: ctx.problem, presentation, done() {} });
    const status = saveStatus(); // one per slide: its "Try again" is about this slide only
    saver = autosave(form, {
      call: ctx.call,
      problem: ctx.problem,
      status,
      saved(stored) {
        ctx.stored({ ...ctx.presentation(), questions: questions().map((x) => (x.id === stored.id ? stored : x)) });
        drawThumbs();
        if (stored.id === chosen) preview.refresh();
      },
    });
    pane.replaceChildren(status.node, form);
  }

  // A page left with edits not yet sent: the browser asks first.
  window.addEventListener('beforeunload', (event) => {
    if (saver?.pending()) {
      saver.flush();
      event.preventDefault();
    }
  });

  return {
    card,
    /** After the card is in the page: its settings and preview. */
    mounted() {
      drawSettings();
      preview.show();
    },
    /** Save what is typed before the page moves elsewhere (another presentation). */
    leave: leaveSlide,
  };
}
