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
// Words sit at fixed points of a layout plane, found once per word by walking an elliptic spiral
// out from the middle (its start angle and direction seeded by the word's key) until the word fits
// between those already there. Positions are remembered (for this tab, per room and question), so
// a word never moves; only its size follows its count. A word that grows into its neighbours grows
// only as far as there is room (but always stays bigger than the least used words); if words
// would still touch, all of them shrink a little. The whole plane zooms to fill the screen.
const CLOUD_MIN = 40; // font size in layout units of the least used word...
const CLOUD_MAX = 112; // ...and of the most used one
const CLOUD_ROOM = 1.3; // a new word keeps this much room to grow
const CLOUD_SQUEEZED = 1.3; // a squeezed word stays this much bigger than the least used ones
const CLOUD_KEEP = 0.75; // and keeps at least this share of its size
const ARM_GAP = 12; // layout units between two turns of the spiral
const SPIRAL_STEP = 9; // layout units between two tried points along it
let cloud = null;

const storageKey = (roomId, q) => `cloud:${roomId}:${q.id}`;

function buildCloud(q, chart, roomId) {
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

// Half-width and half-height of a word's box, room around it included, at font size `size`.
const halfBox = (word, size) => [(word.width * size) / 2 + size * 0.14, size * 0.62];

function placeWord(key, word) {
  const h = hash(key);
  let angle = ((h % 360) * Math.PI) / 180;
  const turn = h & 1024 ? 1 : -1;
  const [hw, hh] = halfBox(word, word.size * cloud.fit * CLOUD_ROOM);
  const others = [...cloud.words.values()]
    .filter((w) => w !== word && w.x !== undefined)
    .map((o) => [o.x, o.y, ...halfBox(o, o.shown)]);
  let walked = 0;
  for (let i = 0; i < 40000; i += 1) {
    const r = (ARM_GAP * walked) / (2 * Math.PI);
    const x = Math.cos(angle) * r * cloud.aspect;
    const y = Math.sin(angle) * r;
    if (others.every(([ox, oy, ow, oh]) => Math.abs(ox - x) >= hw + ow || Math.abs(oy - y) >= hh + oh)) {
      return [Math.round(x), Math.round(y)];
    }
    const step = Math.min(0.5, SPIRAL_STEP / Math.max(r * cloud.aspect, 1));
    walked += step;
    angle += turn * step;
  }
  return [0, 0];
}

/** Each word's drawn size (`shown`): bigger words give way to the smaller ones around them, then
 *  the largest common shrink factor (at most 1) at which no two words touch. */
function cloudFit() {
  const list = [...cloud.words.values()].filter((w) => w.x !== undefined).sort((a, b) => a.size - b.size || (a.text < b.text ? -1 : 1));
  list.forEach((a, i) => {
    const [aw, ah] = halfBox(a, a.size);
    let squeeze = 1;
    for (let j = 0; j < i; j += 1) {
      const b = list[j];
      const [bw, bh] = halfBox(b, b.squeezed);
      squeeze = Math.min(squeeze, Math.max((Math.abs(a.x - b.x) - bw) / aw, (Math.abs(a.y - b.y) - bh) / ah));
    }
    const least = Math.max(CLOUD_KEEP, Math.min(1, (CLOUD_MIN * CLOUD_SQUEEZED) / a.size));
    a.squeezed = a.size * Math.max(squeeze, least);
  });
  // Sizes still follow counts: no word is drawn bigger than a squeezed word that is used more.
  let cap = Infinity;
  let capCount = Infinity;
  let tierCap = Infinity;
  for (const w of [...list].sort((a, b) => b.count - a.count)) {
    if (w.count < capCount) {
      cap = Math.min(cap, tierCap);
      capCount = w.count;
    }
    w.squeezed = Math.min(w.squeezed, cap);
    tierCap = Math.min(tierCap, w.squeezed);
  }
  let fit = 1;
  for (let i = 0; i < list.length; i += 1) {
    const a = list[i];
    const [aw, ah] = halfBox(a, a.squeezed);
    for (let j = i + 1; j < list.length; j += 1) {
      const b = list[j];
      const [bw, bh] = halfBox(b, b.squeezed);
      fit = Math.min(fit, Math.max(Math.abs(a.x - b.x) / (aw + bw), Math.abs(a.y - b.y) / (ah + bh)));
    }
  }
  fit = Math.max(0.2, fit);
  for (const word of list) word.shown = word.squeezed * fit;
  return fit;
}

function updateCloud(q, tally, chart, roomId) {
  if (!cloud || cloud.question !== q.id) return;
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
    word.size = top > 1 ? CLOUD_MIN + (CLOUD_MAX - CLOUD_MIN) * Math.sqrt((w.count - 1) / (top - 1)) : CLOUD_MIN;
    word.node.title = `${w.text}: ${w.count}`;
  }
  for (const [key, word] of cloud.words) {
    if (!seen.has(key)) {
      word.node.remove();
      cloud.words.delete(key);
      cloud.spots.delete(key);
    }
  }
  cloud.fit = cloudFit(); // the words already there, at their new sizes
  for (const [key, word] of arrived) {
    const spot = cloud.spots.get(key);
    [word.x, word.y] = spot || placeWord(key, word);
    word.shown = word.size * cloud.fit;
    cloud.spots.set(key, [word.x, word.y]);
    word.node.style.left = `${word.x}px`;
    word.node.style.top = `${word.y}px`;
    cloud.layer.append(word.node);
  }
  cloud.fit = cloudFit();
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
