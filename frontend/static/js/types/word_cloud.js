// A word cloud: a few words from each phone; the presenter's cloud grows as they come in.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { COLOURS, Problem, hash } from './kit.js';

/** How many of the most used words a phone shows under its own answer. */
export const PHONE_WORDS = 10;

export const form = {
  build(q, mine) {
    const n = q.settings.max_entries || 1;
    const words = mine?.entries || [];
    return [
      el('p', { class: 'help' }, n > 1 ? tr('phone.words_help_many', { n }) : tr('phone.words_help_one')),
      el(
        'div',
        { class: 'entries' },
        Array.from({ length: n }, (_, i) => [
          el('label', { class: 'sr-only', for: `entry-${i}` }, tr('phone.word_label', { n: i + 1 })),
          el('input', { id: `entry-${i}`, class: 'entry', name: 'entry', maxLength: q.settings.max_length || 40, autocomplete: 'off', autocapitalize: 'off', enterKeyHint: 'send', value: words[i] || '' }),
        ]),
      ),
    ];
  },
  collect(form) {
    const entries = [...form.querySelectorAll('input[name=entry]')].map((i) => i.value.trim()).filter(Boolean);
    if (!entries.length) throw new Problem('phone.error_word');
    return { entries };
  },
};

/** The most used words, each with a meter against the top word. */
export function rows(q, result) {
  const words = (result.tally.words || []).slice(0, PHONE_WORDS);
  const top = Math.max(1, ...words.map((w) => w.count));
  return words.map((w) => [w.text, String(w.count), (100 * w.count) / top]);
}

export const optionIds = () => null;

// ----- the presenter's cloud -----
// The layout (where a word goes, how big it is drawn) is cloud-layout.js, fetched by the presenter
// only (a phone never draws the cloud); this part measures the words, draws them, and remembers
// their places (for this tab, per room and question).
let cloud = null;
let layout = null; // cloud-layout.js, once here
let layoutComing = null;
const loadLayout = () => (layoutComing ??= import('./cloud-layout.js').then((module) => (layout = module)));

const storageKey = (roomId, q) => `cloud:${roomId}:${q.id}`;

function buildCloud(q, chart, roomId) {
  loadLayout();
  const layer = el('div', { class: 'cloud-layer' });
  const empty = el('p', { class: 'cloud-empty' }, tr('present.waiting_words'));
  const box = chart.getBoundingClientRect();
  let saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem(storageKey(roomId, q)) || '{}');
  } catch {
    saved = {};
  }
  cloud = {
    question: q.id,
    layer,
    empty,
    aspect: Math.min(3, Math.max(1.2, box.width / Math.max(1, box.height) || 2)),
    spots: new Map(Object.entries(saved)), // key -> [x, y]
    words: new Map(), // key -> {node, width (per unit of font size), size}
    fit: 1,
    measure: null,
  };
  return [layer, empty];
}

function textWidth(text) {
  if (!cloud.measure) {
    cloud.measure = document.createElement('canvas').getContext('2d');
    cloud.measure.font = `800 100px ${getComputedStyle(cloud.layer).fontFamily}`;
  }
  return cloud.measure.measureText(text).width / 100;
}

function updateCloud(q, tally, chart, roomId) {
  if (!cloud || cloud.question !== q.id) return;
  if (!layout) {
    loadLayout().then(() => updateCloud(q, tally, chart, roomId)); // in order: the newest last
    return;
  }
  const { fitWords, halfBox, placeWord, wordSize } = layout;
  const words = tally.words || [];
  cloud.empty.hidden = words.length > 0;
  const top = Math.max(1, ...words.map((w) => w.count));
  const seen = new Set();
  const arrived = [];
  for (const w of words) {
    seen.add(w.key);
    let word = cloud.words.get(w.key);
    if (!word) {
      const node = el('span', { class: `word c${hash(w.key) % COLOURS}`, dataset: { key: w.key } });
      word = { node, width: 0, size: 0, text: '' };
      cloud.words.set(w.key, word);
      arrived.push([w.key, word]);
    }
    if (word.text !== w.text) {
      word.text = w.text;
      word.node.textContent = w.text;
      word.width = textWidth(w.text);
    }
    word.count = w.count;
    word.size = wordSize(w.count, top);
    word.node.title = `${w.text}: ${w.count}`;
  }
  for (const [key, word] of cloud.words) {
    if (!seen.has(key)) {
      word.node.remove();
      cloud.words.delete(key);
      cloud.spots.delete(key);
    }
  }
  cloud.fit = fitWords([...cloud.words.values()]); // the words already there, at their new sizes
  for (const [key, word] of arrived) {
    const spot = cloud.spots.get(key);
    [word.x, word.y] = spot || placeWord(key, word, [...cloud.words.values()], cloud.aspect, cloud.fit);
    word.shown = word.size * cloud.fit;
    cloud.spots.set(key, [word.x, word.y]);
    word.node.style.left = `${word.x}px`;
    word.node.style.top = `${word.y}px`;
    cloud.layer.append(word.node);
  }
  cloud.fit = fitWords([...cloud.words.values()]);
  const edges = [Infinity, Infinity, -Infinity, -Infinity]; // left, top, right, bottom
  for (const word of cloud.words.values()) {
    const [hw, hh] = halfBox(word, word.shown);
    edges[0] = Math.min(edges[0], word.x - hw);
    edges[1] = Math.min(edges[1], word.y - hh);
    edges[2] = Math.max(edges[2], word.x + hw);
    edges[3] = Math.max(edges[3], word.y + hh);
    word.node.style.transform = `translate(-50%, -50%) scale(${word.shown / 100})`;
    word.node.classList.toggle('top', word.count === top && top > 1);
  }
  const box = chart.getBoundingClientRect();
  if (box.width > 0 && box.height > 0 && cloud.words.size) {
    // The plane zooms (and glides) so that the words fill the screen, centred.
    const zoom = Math.min(box.width / (edges[2] - edges[0]), box.height / (edges[3] - edges[1]), 3) * 0.96;
    const [cx, cy] = [(edges[0] + edges[2]) / 2, (edges[1] + edges[3]) / 2];
    cloud.layer.style.transform = `scale(${zoom}) translate(${-cx}px, ${-cy}px)`;
  }
  cloud.layer.parentElement.setAttribute('aria-label', words.slice(0, 10).map((w) => `${w.text} (${w.count})`).join(', '));
  try {
    sessionStorage.setItem(storageKey(roomId, q), JSON.stringify(Object.fromEntries(cloud.spots)));
  } catch {
    // storage full or off: positions are then kept for as long as the page is open
  }
}

export const view = {
  className: () => 'cloud',
  build: (q, chart, { roomId }) => buildCloud(q, chart, roomId),
  update: (q, tally, total, chart, { roomId }) => updateCloud(q, tally, chart, roomId),
};

// ----- the dashboard's editor -----
export const editor = {
  options: null,
  summary: (q) => [tr('dash.summary_word_cloud', { n: q.settings.max_entries })],
  fields(settings, f) {
    const entries = f.selectField('q-entries', 'dash.max_entries', settings.max_entries ?? 3, [
      [1, 'dash.entries_1'],
      [2, 'dash.entries_2'],
      [3, 'dash.entries_3'],
    ]);
    const length = f.numberField('q-length', 'dash.max_length_word', settings.max_length ?? 40, 1, 60);
    const several = f.severalFields(settings);
    const moderation = f.moderationField(settings);
    return {
      nodes: [entries, length, ...several.nodes, moderation],
      read: () => ({ max_entries: Number(entries.select.value), max_length: length.read(), ...several.read(), moderation: moderation.select.value }),
    };
  },
};

register('word_cloud', { form, rows, optionIds, view, editor });
