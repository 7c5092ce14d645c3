import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CLOUD_MAX, CLOUD_MIN, SMALLEST_FIT, fitWords, halfBox, placeWord, wordSize } from '../static/js/types/cloud-layout.js';

/** Words as the presenter's cloud holds them: `width` is the text's width per unit of font size. */
function cloudOf(counts, { width = (text) => 0.55 * text.length, aspect = 2 } = {}) {
  const top = Math.max(1, ...Object.values(counts));
  const words = [];
  let fit = 1;
  for (const [text, count] of Object.entries(counts)) {
    const word = { text, count, width: width(text), size: wordSize(count, top) };
    [word.x, word.y] = placeWord(text, word, words, aspect, fit);
    word.shown = word.size * fit;
    words.push(word);
    fit = fitWords(words);
  }
  return { words, fit };
}

const box = (w) => [w.x, w.y, ...halfBox(w, w.shown)];
const overlap = ([ax, ay, aw, ah], [bx, by, bw, bh]) => Math.abs(ax - bx) < aw + bw - 1e-9 && Math.abs(ay - by) < ah + bh - 1e-9;

function touching(words) {
  const pairs = [];
  for (let i = 0; i < words.length; i += 1) {
    for (let j = i + 1; j < words.length; j += 1) {
      if (overlap(box(words[i]), box(words[j]))) pairs.push([words[i].text, words[j].text]);
    }
  }
  return pairs;
}

test('a word is sized by its count: the least used at the minimum, the top word at the maximum', () => {
  assert.equal(wordSize(1, 1), CLOUD_MIN);
  assert.equal(wordSize(1, 9), CLOUD_MIN);
  assert.equal(wordSize(9, 9), CLOUD_MAX);
  const middle = wordSize(5, 9);
  assert.ok(middle > CLOUD_MIN && middle < CLOUD_MAX);
  assert.ok(wordSize(3, 9) < wordSize(4, 9), 'more uses, a bigger word');
});

test('the first word sits in the middle, and a word key always starts its spiral the same way', () => {
  const { words } = cloudOf({ coffee: 3 });
  assert.deepEqual([words[0].x, words[0].y].map(Math.abs), [0, 0]);
  const again = cloudOf({ coffee: 3, tea: 1, water: 2 });
  const once = cloudOf({ coffee: 3, tea: 1, water: 2 });
  assert.deepEqual(
    again.words.map((w) => [w.x, w.y]),
    once.words.map((w) => [w.x, w.y]),
  );
});

test('forty words of all lengths and counts: no two drawn words touch', () => {
  const counts = {};
  for (let i = 0; i < 40; i += 1) counts[`${'w'.repeat(1 + (i % 9))}${i}`] = 1 + ((i * 7) % 13);
  const { words, fit } = cloudOf(counts);
  assert.equal(words.length, 40);
  assert.deepEqual(touching(words), []);
  assert.ok(fit >= SMALLEST_FIT && fit <= 1);
});

test('when counts grow, words keep their places and still do not touch', () => {
  const counts = { alpha: 1, beta: 1, gamma: 1, delta: 1, epsilon: 1, zeta: 1 };
  const { words } = cloudOf(counts);
  const places = words.map((w) => [w.x, w.y]);
  // "beta" becomes the top word: sizes change, places stay (placeWord runs for newcomers only).
  const top = 12;
  for (const word of words) {
    word.count = word.text === 'beta' ? top : word.count;
    word.size = wordSize(word.count, top);
  }
  fitWords(words);
  assert.deepEqual(words.map((w) => [w.x, w.y]), places);
  assert.deepEqual(touching(words), []);
});

test('a word is never drawn bigger than a word used more', () => {
  const counts = {};
  for (let i = 0; i < 25; i += 1) counts[`word${i}`] = 1 + (i % 6);
  const { words } = cloudOf(counts);
  for (const a of words) {
    for (const b of words) {
      if (a.count > b.count) assert.ok(a.shown >= b.shown - 1e-9, `${a.text} (${a.count}) drawn smaller than ${b.text} (${b.count})`);
    }
  }
});
