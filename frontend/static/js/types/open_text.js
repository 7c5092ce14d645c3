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

// ----- the presenter's wall of cards, newest first, a page at a time -----
// The cards that fit show; with more answers than fit, the wall turns to the next page now and
// then (a projector cannot scroll), saying which answers it shows.
const PAGE_MS = 12000;
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
  showPage();
}

/** Show the cards from `wall.start` on that fit. */
function showPage() {
  const cards = [...wall.list.children];
  if (wall.start >= cards.length) wall.start = 0;
  cards.forEach((card, i) => {
    card.hidden = i < wall.start;
  });
  const bottom = wall.list.offsetTop + wall.list.clientHeight + 1;
  // Across: where the column put it (an entrance only moves a card up). Down: its offset, which
  // the entrance does not move. Hiding cards can move the others (columns rebalance): until none
  // sticks out.
  const out = (card) => card.getBoundingClientRect().right > wall.list.getBoundingClientRect().right + 1 || card.offsetTop + card.offsetHeight > bottom;
  let end = cards.length;
  for (let round = 0; round < 10; round += 1) {
    const first = cards.findIndex((card, i) => i >= wall.start && i < end && out(card));
    if (first < 0) break;
    end = Math.max(first, wall.start + 1);
    cards.forEach((card, i) => {
      if (i >= end) card.hidden = true;
    });
    if (end === wall.start + 1) break;
  }
  wall.end = end;
  const paged = wall.start > 0 || end < cards.length;
  // The note keeps its room when empty: showing it must not move the cards measured above.
  wall.note.style.visibility = paged ? '' : 'hidden';
  if (paged) wall.note.textContent = tr('present.wall_page', { from: wall.start + 1, to: end, total: cards.length });
}

function turnPage() {
  if (!wall || !wall.list.isConnected) return;
  wall.start = wall.end < wall.list.children.length ? wall.end : 0;
  showPage();
}

export const view = {
  className: (q) => `wall${q.settings.layout === 'grid' ? ' grid' : ''}`,
  build() {
    clearInterval(wall?.timer);
    wall?.sizes.disconnect();
    wall = { texts: [], start: 0, end: 0, list: el('ul', { class: 'cards' }), empty: el('p', { class: 'cloud-empty' }, tr('present.waiting_answers')) };
    wall.note = el('p', { class: 'wall-page' }, '\u00a0');
    wall.timer = setInterval(turnPage, PAGE_MS);
    // The wall's room changes with the prompt, the countdown or the Q&A panel: fit the page again.
    wall.sizes = new ResizeObserver(() => wall.list.isConnected && showPage());
    wall.sizes.observe(wall.list);
    return [wall.list, wall.empty, wall.note];
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
