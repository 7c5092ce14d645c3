// Open answers: a few sentences from each phone; a wall of cards on the presenter screen.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { COLOURS, Problem, characters, hash } from './kit.js';

/** How many of the newest answers a phone shows under its own answer. */
export const PHONE_TEXTS = 5;

const maxLength = (q) => q.settings.max_length || 280;

export const form = {
  build(q, mine) {
    // No maxlength: browsers count it differently from people; the counter says when it is too long.
    return [
      el('label', { class: 'sr-only', for: 'answer-text' }, tr('phone.text_label')),
      el('textarea', { id: 'answer-text', class: 'answer-text', name: 'text', rows: 5, 'aria-describedby': 'text-count', value: mine?.text || '' }),
      el('p', { id: 'text-count', class: 'help count', 'aria-live': 'polite' }),
    ];
  },
  update(form, q) {
    const left = maxLength(q) - characters(form.querySelector('textarea').value.trim());
    const count = form.querySelector('#text-count');
    count.textContent = left < 0 ? tr('phone.chars_over', { n: -left }) : tr('phone.chars_left', { n: left });
    count.classList.toggle('over', left < 0);
  },
  collect(form, q) {
    const text = form.querySelector('textarea').value;
    if (!text.trim()) throw new Problem('phone.error_text');
    if (characters(text.trim()) > maxLength(q)) throw new Problem('phone.error_too_long');
    return { text };
  },
};

/** The newest answers, without meters. */
export const rows = (q, result) => (result.tally.answers || []).slice(0, PHONE_TEXTS).map((text) => [text, '', null]);

export const optionIds = () => null;

// ----- the presenter's wall of cards, newest first -----
let wall = null;

const textCard = (text, fresh) => el('li', { class: `text-card c${hash(text) % COLOURS}${fresh ? ' fresh' : ''}` }, text);

function updateWall(tally) {
  if (!wall) return;
  const texts = tally.answers || [];
  wall.empty.hidden = texts.length > 0;
  // Usually the newest answers came on top of the ones shown: add just those, with a little entrance.
  let added = -1;
  for (let k = 0; k <= Math.min(texts.length, 30); k += 1) {
    const rest = texts.slice(k);
    const overlap = Math.min(rest.length, wall.texts.length);
    if (rest.slice(0, overlap).every((t, i) => t === wall.texts[i]) && (overlap === rest.length || overlap === wall.texts.length)) {
      added = k;
      break;
    }
  }
  if (added >= 0 && wall.texts.length) {
    wall.list.prepend(...texts.slice(0, added).map((t) => textCard(t, true)));
    while (wall.list.children.length > texts.length) wall.list.lastElementChild.remove();
  } else {
    wall.list.replaceChildren(...texts.map((t) => textCard(t, false)));
  }
  wall.texts = texts;
}

export const view = {
  className: (q) => `wall${q.settings.layout === 'grid' ? ' grid' : ''}`,
  build() {
    wall = { texts: [], list: el('ul', { class: 'cards' }), empty: el('p', { class: 'cloud-empty' }, tr('present.waiting_answers')) };
    return [wall.list, wall.empty];
  },
  update: (q, tally) => updateWall(tally),
};

// ----- the dashboard's editor -----
export const editor = {
  options: null,
  summary: (q) => [tr('dash.summary_open_text', { n: q.settings.max_length })],
  fields(settings, f) {
    const length = f.numberField('q-length', 'dash.max_length_text', settings.max_length ?? 280, 1, 1000);
    const several = f.severalFields(settings);
    const moderation = f.moderationField(settings);
    const layout = f.selectField('q-layout', 'dash.layout', settings.layout || 'wall', [
      ['wall', 'dash.layout_wall'],
      ['grid', 'dash.layout_grid'],
    ]);
    return {
      nodes: [length, ...several.nodes, layout, moderation],
      read: () => ({ max_length: length.read(), ...several.read(), layout: layout.select.value, moderation: moderation.select.value }),
    };
  },
};

register('open_text', { form, rows, optionIds, view, editor });
