// The word cloud's layout plane, without the page: how big a word is for its count, where a new
// word goes, and how big each word is drawn so that no two touch. word_cloud.js measures the
// words (a word's `width` is its text's width per unit of font size) and draws them.
//
// Words sit at fixed points of the plane, found once per word by walking an elliptic spiral out
// from the middle (its start angle and direction seeded by the word's key) until the word fits
// between those already there: a word never moves; only its size follows its count. A word that
// grows into its neighbours grows only as far as there is room (but always stays bigger than the
// least used words); if words would still touch, all of them shrink a little.
import { hash } from './kit.js';

export const CLOUD_MIN = 40; // font size in layout units of the least used word...
export const CLOUD_MAX = 112; // ...and of the most used one
export const CLOUD_ROOM = 1.3; // a new word keeps this much room to grow
const CLOUD_SQUEEZED = 1.3; // a squeezed word stays this much bigger than the least used ones
const CLOUD_KEEP = 0.75; // and keeps at least this share of its size
const ARM_GAP = 12; // layout units between two turns of the spiral
const SPIRAL_STEP = 9; // layout units between two tried points along it
const MOST_TRIES = 40000;
export const SMALLEST_FIT = 0.2; // the common shrink never goes below this

/** A word's font size for its count, on a square-root scale up to the top word's. */
export const wordSize = (count, top) =>
  top > 1 ? CLOUD_MIN + (CLOUD_MAX - CLOUD_MIN) * Math.sqrt((count - 1) / (top - 1)) : CLOUD_MIN;

/** Half-width and half-height of a word's box, room around it included, at font size `size`. */
export const halfBox = (word, size) => [(word.width * size) / 2 + size * 0.14, size * 0.62];

/** Two boxes ([x, y, half-width, half-height]) that do not overlap. */
const apart = ([ax, ay, aw, ah], [bx, by, bw, bh]) => Math.abs(ax - bx) >= aw + bw || Math.abs(ay - by) >= ah + bh;

/**
 * Where a new word goes: the first point of its spiral where its box (at its size times `fit`,
 * with room to grow) touches none of the `placed` words as they are drawn (their `shown` size).
 * `aspect` stretches the spiral to the screen's shape.
 */
export function placeWord(key, word, placed, aspect, fit) {
  const h = hash(key);
  let angle = ((h % 360) * Math.PI) / 180;
  const turn = h & 1024 ? 1 : -1;
  const [hw, hh] = halfBox(word, word.size * fit * CLOUD_ROOM);
  const others = placed.filter((w) => w !== word && w.x !== undefined).map((o) => [o.x, o.y, ...halfBox(o, o.shown)]);
  let walked = 0;
  for (let i = 0; i < MOST_TRIES; i += 1) {
    const r = (ARM_GAP * walked) / (2 * Math.PI);
    const x = Math.cos(angle) * r * aspect;
    const y = Math.sin(angle) * r;
    const box = [x, y, hw, hh];
    if (others.every((other) => apart(box, other))) return [Math.round(x), Math.round(y)];
    const step = Math.min(0.5, SPIRAL_STEP / Math.max(r * aspect, 1));
    walked += step;
    angle += turn * step;
  }
  return [0, 0];
}

/**
 * Sets each placed word's drawn size (`shown`): bigger words give way to the smaller ones around
 * them, no word is drawn bigger than one used more, then all shrink by the largest common factor
 * (at most 1) at which no two words touch. Returns that factor.
 */
export function fitWords(words) {
  const list = words.filter((w) => w.x !== undefined).sort((a, b) => a.size - b.size || (a.text < b.text ? -1 : 1));
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
  fit = Math.max(SMALLEST_FIT, fit);
  for (const word of list) word.shown = word.squeezed * fit;
  return fit;
}
