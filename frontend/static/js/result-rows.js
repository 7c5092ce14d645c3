// What everyone answered, as rows a phone draws under its own answer. Pure: no page, no network,
// so node's test runner checks it, and tests/pages/test_result_rows_pinned.py holds it to the
// server's rows for the page without scripts (poll_service/pages/answers.py result_rows).

// What a phone shows of everyone's answers.
export const PHONE_WORDS = 10;
export const PHONE_TEXTS = 5;

/**
 * `value` to `digits` decimals, halves rounded up, as text. Number.prototype.toFixed does that on
 * the exact value of the double; Math.round would differ on negative halves, which never occur here.
 */
export function fixed(value, digits = 0) {
  return value.toFixed(digits);
}

/** [label, value, meter 0-100 or null] for question `q` and its `result` message. */
export function resultRows(q, result) {
  const tally = result.tally;
  const label = (id) => q.options.find((o) => o.id === id)?.label || '';
  if (q.type === 'word_cloud') {
    const words = (tally.words || []).slice(0, PHONE_WORDS);
    const top = Math.max(1, ...words.map((w) => w.count));
    return words.map((w) => [w.text, String(w.count), (100 * w.count) / top]);
  }
  if (q.type === 'open_text') return (tally.answers || []).slice(0, PHONE_TEXTS).map((text) => [text, '', null]);
  if (q.type === 'scale') {
    const steps = tally.steps || 5;
    return q.options.map((o) => {
      const mean = tally.statements?.[o.id]?.mean;
      const known = mean !== null && mean !== undefined;
      const meter = known && steps > 1 ? (100 * (mean - 1)) / (steps - 1) : 0;
      return [o.label, `${known ? fixed(mean, 1) : '–'} / ${steps}`, meter];
    });
  }
  if (q.type === 'ranking') {
    const items = tally.items || [];
    const top = Math.max(1, ...items.map((i) => i.points));
    return items.map((i, n) => [`${n + 1}. ${label(i.option_id)}`, String(i.points), (100 * i.points) / top]);
  }
  if (q.type === 'points') {
    return q.options.map((o) => {
      const share = tally.shares?.[o.id] || 0;
      return [o.label, `${fixed(100 * share)}%`, 100 * share];
    });
  }
  const counts = tally.counts || {};
  const total = result.response_count;
  return q.options.map((o) => {
    const percent = total ? Number(fixed((100 * (counts[o.id] || 0)) / total)) : 0;
    return [o.label, `${percent}%`, percent];
  });
}
