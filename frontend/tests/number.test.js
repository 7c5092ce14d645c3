import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Problem } from '../static/js/types/kit.js';
import { binLabel, numberText, parseNumber, rows } from '../static/js/types/number.js';

const question = (settings) => ({ type: 'number', options: [], settings: { min: 0, max: 100, decimals: 0, unit: '', ...settings } });
const problem = (key) => (error) => error instanceof Problem && error.key === key;

test('a typed number is read as the server reads it: a decimal comma, the range, the decimals', () => {
  assert.equal(parseNumber(question({}), ' 42 '), 42);
  assert.equal(parseNumber(question({ decimals: 1 }), '3,5'), 3.5);
  assert.equal(parseNumber(question({ decimals: 0 }), '7.00'), 7); // zeros after the point are no decimals
  assert.equal(parseNumber(question({ min: -5 }), '-5'), -5);
  assert.throws(() => parseNumber(question({}), ''), problem('phone.error_number'));
  assert.throws(() => parseNumber(question({}), '4 2'), problem('phone.error_number'));
  assert.throws(() => parseNumber(question({}), '1e3'), problem('phone.error_number'));
  assert.throws(() => parseNumber(question({}), '101'), problem('phone.error_number_range'));
  assert.throws(() => parseNumber(question({}), '4.5'), problem('phone.error_number_whole'));
  assert.throws(() => parseNumber(question({ decimals: 1 }), '4.55'), problem('phone.error_number_decimals'));
});

test('numbers in rows: at most two decimals, halves up, no trailing zeros, no negative zero', () => {
  assert.equal(numberText(2.5), '2.5');
  assert.equal(numberText(10), '10');
  assert.equal(numberText(0.125), '0.13');
  assert.equal(numberText(-0.001), '0');
  assert.equal(binLabel({ from: 3, to: 3 }), '3');
  assert.equal(binLabel({ from: 10, to: 20 }), '10–20');
});

test('the histogram as rows: each column with its count and a meter against the top one', () => {
  const tally = { bins: [{ from: 0, to: 50, count: 1 }, { from: 50, to: 100, count: 4 }] };
  assert.deepEqual(rows(question({}), { response_count: 5, tally }), [
    ['0–50', '1', 25],
    ['50–100', '4', 100],
  ]);
  assert.deepEqual(rows(question({}), { response_count: 0, tally: { bins: [{ from: 1, to: 1, count: 0 }] } }), [['1', '0', 0]]);
});
