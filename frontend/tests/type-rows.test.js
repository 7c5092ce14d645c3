import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TYPES, load } from '../static/js/types/index.js';
import { PHONE_TEXTS } from '../static/js/types/open_text.js';
import { PHONE_WORDS } from '../static/js/types/word_cloud.js';

await load(['multiple_choice', 'word_cloud', 'open_text', 'scale', 'ranking', 'points']);
const resultRows = (q, result) => TYPES[q.type].rows(q, result);

const options = (...labels) => labels.map((label, i) => ({ id: `o${i}`, label }));

test('multiple choice: each option with its share of the responses, halves rounded up', () => {
  const q = { type: 'multiple_choice', options: options('Yes', 'No', 'Maybe'), settings: {} };
  const rows = resultRows(q, { response_count: 8, tally: { counts: { o0: 1, o1: 3 } } });
  assert.deepEqual(rows, [
    ['Yes', '13%', 13],
    ['No', '38%', 38],
    ['Maybe', '0%', 0],
  ]);
  assert.deepEqual(resultRows(q, { response_count: 0, tally: { counts: {} } })[0], ['Yes', '0%', 0]);
});

test('word cloud: the most frequent words first, at most PHONE_WORDS, meters against the top word', () => {
  const words = Array.from({ length: 14 }, (_, i) => ({ text: `w${i}`, count: 20 - i }));
  const rows = resultRows({ type: 'word_cloud', options: [], settings: {} }, { response_count: 5, tally: { words } });
  assert.equal(rows.length, PHONE_WORDS);
  assert.deepEqual(rows[0], ['w0', '20', 100]);
  assert.deepEqual(rows[1], ['w1', '19', 95]);
});

test('open text: the newest answers, at most PHONE_TEXTS, without meters', () => {
  const answers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const rows = resultRows({ type: 'open_text', options: [], settings: {} }, { response_count: 7, tally: { answers } });
  assert.equal(rows.length, PHONE_TEXTS);
  assert.deepEqual(rows[0], ['a', '', null]);
});

test('scale: the mean of each statement out of the steps; none yet shows a dash', () => {
  const q = { type: 'scale', options: options('Clear', 'Useful'), settings: { steps: 5 } };
  const rows = resultRows(q, { response_count: 4, tally: { steps: 5, statements: { o0: { mean: 2.25 }, o1: { mean: null } } } });
  assert.deepEqual(rows, [
    ['Clear', '2.3 / 5', 31.25],
    ['Useful', '– / 5', 0],
  ]);
});

test('ranking: items in their tallied order, numbered, with points', () => {
  const q = { type: 'ranking', options: options('Books', 'Films'), settings: {} };
  const tally = { items: [{ option_id: 'o1', points: 9 }, { option_id: 'o0', points: 3 }] };
  assert.deepEqual(resultRows(q, { response_count: 3, tally }), [
    ['1. Films', '9', 100],
    ['2. Books', '3', 100 / 3],
  ]);
});

test('points: each option with its share of all points given', () => {
  const q = { type: 'points', options: options('Parks', 'Roads'), settings: { total: 100 } };
  const rows = resultRows(q, { response_count: 2, tally: { shares: { o0: 0.125, o1: 0.875 } } });
  assert.deepEqual(rows, [
    ['Parks', '13%', 12.5],
    ['Roads', '88%', 87.5],
  ]);
});
