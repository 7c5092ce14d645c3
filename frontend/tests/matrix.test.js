import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Problem } from '../static/js/types/kit.js';
import { PLOT, along, badgeOffsets, meanPair, placeItem, ratingsFrom, rows } from '../static/js/types/matrix.js';

const question = (settings = {}) => ({
  type: 'matrix',
  options: [
    { id: 'a', label: 'Website' },
    { id: 'b', label: 'Training' },
  ],
  settings: { x_label: 'Effort', y_label: 'Impact', steps: 5, allow_skip: true, ...settings },
});
const problem = (key) => (error) => error instanceof Problem && error.key === key;

test('picks become the body the server takes: both numbers, or a skip, at least one item rated', () => {
  const q = question();
  assert.deepEqual(ratingsFrom(q, { a: { x: '2', y: '5' }, b: { skip: true, x: '3', y: '3' } }), { ratings: { a: { x: 2, y: 5 }, b: null } });
  assert.deepEqual(ratingsFrom(q, { a: { x: '1', y: '1' } }), { ratings: { a: { x: 1, y: 1 }, b: null } }); // b left open
  assert.throws(() => ratingsFrom(q, { a: { x: '2' } }), problem('phone.error_matrix_pair'));
  assert.throws(() => ratingsFrom(q, { a: { x: '6', y: '1' } }), problem('phone.error_matrix_pair'));
  assert.throws(() => ratingsFrom(q, {}), problem('phone.error_matrix_one'));
  assert.throws(() => ratingsFrom(q, { a: { skip: true }, b: { skip: true } }), problem('phone.error_matrix_one'));
  const strict = question({ allow_skip: false });
  assert.throws(() => ratingsFrom(strict, { a: { x: '2', y: '2' } }), problem('phone.error_matrix_all'));
  assert.throws(() => ratingsFrom(strict, { a: { x: '2', y: '2' }, b: { skip: true } }), problem('phone.error_matrix_all'));
});

test('x̄ · ȳ: one decimal each, halves up as the server, a dash when nobody rated', () => {
  assert.equal(meanPair({ mean_x: 2.25, mean_y: 4 }), '2.3 · 4.0');
  assert.equal(meanPair({ mean_x: null, mean_y: null }), '–');
  assert.equal(meanPair(undefined), '–');
});

test('rows: one per item in the question order, the meter following ȳ from the lowest step to the highest', () => {
  const tally = { steps: 5, items: { a: { mean_x: 1, mean_y: 5 }, b: { mean_x: null, mean_y: null } } };
  assert.deepEqual(rows(question(), { response_count: 2, tally }), [
    ['Website', '1.0 · 5.0', 100],
    ['Training', '–', 0],
  ]);
});

test('an item sits at its mean: step i at the middle of cell i, the middle step on the quadrant border', () => {
  assert.equal(along(3, 5), 0.5);
  assert.equal(along(1, 5), 0.1);
  assert.equal(along(5, 5), 0.9);
  const { left, top, size } = PLOT;
  const rounded = (place) => Object.fromEntries(Object.entries(place).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]));
  const high = placeItem({ mean_x: 1, mean_y: 5, sd_x: 0.5, sd_y: 0 }, 5); // little effort, much impact: top left
  assert.deepEqual(rounded(high), { cx: left + size * 0.1, cy: top + size * 0.1, rx: size * 0.1, ry: 0 });
  const low = placeItem({ mean_x: 5, mean_y: 1, sd_x: 0, sd_y: 1 }, 5); // much effort, little impact: bottom right
  assert.deepEqual(rounded(low), { cx: left + size * 0.9, cy: top + size * 0.9, rx: 0, ry: size * 0.2 });
});

test('badges of items at the same or nearby means move apart; a lone one stays on its mean', () => {
  const [first, second, third, far] = badgeOffsets([
    { cx: 100, cy: 100 },
    { cx: 100, cy: 100 },
    { cx: 110, cy: 100 },
    { cx: 400, cy: 400 },
  ]);
  assert.deepEqual(first, [0, 0]);
  assert.deepEqual(far, [0, 0]);
  const at = (offset, cx) => [cx + offset[0], 100 + offset[1]];
  const badges = [at(first, 100), at(second, 100), at(third, 110)];
  for (let i = 0; i < badges.length; i += 1) {
    for (let j = i + 1; j < badges.length; j += 1) assert.ok(Math.hypot(badges[i][0] - badges[j][0], badges[i][1] - badges[j][1]) >= 44);
  }
});
