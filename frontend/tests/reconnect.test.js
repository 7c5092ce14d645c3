import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PushOrder, reconnectDelay } from '../static/js/reconnect.js';

test('reconnect waits grow from 0.5 s and stop growing at 15 s', () => {
  const longest = (attempt) => reconnectDelay(attempt, () => 1);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(longest), [500, 1000, 2000, 4000, 8000, 15000]);
  assert.equal(longest(40), 15000);
});

test('reconnect waits are spread from zero (full jitter), never negative', () => {
  assert.equal(reconnectDelay(3, () => 0), 0);
  assert.equal(reconnectDelay(3, () => 0.25), 1000);
  for (let i = 0; i < 100; i += 1) {
    const wait = reconnectDelay(i % 8);
    assert.ok(wait >= 0 && wait <= 15000, `wait ${wait}`);
  }
});

const state = (seq, questionId, extra = {}) => ({ type: 'state', seq, room: { current_question_id: questionId }, ...extra });
const results = (seq, questionId) => ({ type: 'results', seq, result: { question_id: questionId } });

test('an older push than the newest shown is dropped', () => {
  const order = new PushOrder();
  assert.deepEqual(order.accept(state(5, 'q1')), { show: true, snapshot: false });
  assert.deepEqual(order.accept(results(7, 'q1')), { show: true, snapshot: false });
  assert.deepEqual(order.accept(results(6, 'q1')), { show: false, snapshot: false });
  assert.deepEqual(order.accept(state(6, 'q2')), { show: false, snapshot: false });
  assert.deepEqual(order.accept(results(7, 'q1')), { show: true, snapshot: false }); // same seq: shown again
});

test('results for another question than the state names ask for a snapshot', () => {
  const order = new PushOrder();
  order.accept(state(1, 'q1'));
  assert.deepEqual(order.accept(results(2, 'q2')), { show: true, snapshot: true });
});

test('an audience-paced room has every question open: results of any question are expected', () => {
  const order = new PushOrder();
  order.accept(state(1, null, { state: { pacing: 'audience' } }));
  assert.deepEqual(order.accept(results(2, 'q7')), { show: true, snapshot: false });
});

test('a new connection starts its own sequence', () => {
  const order = new PushOrder();
  order.accept(state(90, 'q1'));
  order.reset();
  assert.deepEqual(order.accept(state(1, 'q1')), { show: true, snapshot: false });
});

test('other messages pass untouched', () => {
  const order = new PushOrder();
  order.accept(state(9, 'q1'));
  assert.deepEqual(order.accept({ type: 'qna', seq: 1 }), { show: true, snapshot: false });
});
