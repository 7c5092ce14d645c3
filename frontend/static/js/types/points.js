// Points: each phone shares out a budget (100 by default) over the options; bars of the shares.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, buildBars, fixed } from './kit.js';

const budget = (q) => q.settings.total || 100;

/** The points typed so far, and whether any field holds something that is not a whole number. */
function spent(form) {
  let sum = 0;
  let bad = false;
  for (const input of form.querySelectorAll('.points-input')) {
    const text = input.value.trim();
    if (!text) continue;
    if (!/^\d{1,6}$/.test(text)) bad = true;
    else sum += Number(text);
  }
  return { sum, bad };
}

export const form = {
  build(q, mine) {
    const given = mine?.points || {};
    return [
      el('p', { class: 'help' }, tr('phone.points_help', { n: budget(q) })),
      el(
        'div',
        { class: 'points' },
        q.options.map((o) =>
          el(
            'div',
            { class: 'points-row' },
            el('label', { class: 'points-label', for: `points-${o.id}` }, o.label),
            el('input', {
              id: `points-${o.id}`,
              class: 'points-input',
              type: 'number',
              inputMode: 'numeric',
              min: 0,
              max: budget(q),
              step: 1,
              name: `points.${o.id}`,
              placeholder: '0',
              value: given[o.id] ? String(given[o.id]) : '',
              dataset: { id: o.id },
            }),
          ),
        ),
      ),
      el('p', { id: 'points-left', class: 'help count', 'aria-live': 'polite' }),
    ];
  },
  update(form, q) {
    const total = budget(q);
    const { sum } = spent(form);
    const left = form.querySelector('#points-left');
    left.textContent = sum > total ? tr('phone.points_over', { n: sum - total }) : tr('phone.points_left', { n: total - sum, total });
    left.classList.toggle('over', sum > total);
  },
  collect(form, q) {
    const total = budget(q);
    const { sum, bad } = spent(form);
    if (bad || (form.querySelector('.points-input:invalid') && sum <= total)) throw new Problem('phone.error_points_number');
    if (sum > total) throw new Problem('phone.error_points_over', { n: total });
    if (sum === 0) throw new Problem('phone.error_points_none');
    const points = {};
    for (const input of form.querySelectorAll('.points-input')) points[input.dataset.id] = Number(input.value.trim() || 0);
    return { points };
  },
};

/** Each option's share of all the points given. */
export function rows(q, result) {
  return q.options.map((o) => {
    const share = result.tally.shares?.[o.id] || 0;
    return [o.label, `${fixed(100 * share)}%`, 100 * share];
  });
}

export const optionIds = (tally) => Object.keys(tally.totals || {});

export const view = {
  className: (q) => `bars${q.options.length > 8 ? ' many' : ''}`,
  build: (q) => buildBars(q),
  update(q, tally, total, chart) {
    const totals = tally.totals || {};
    const shares = tally.shares || {};
    for (const row of chart.querySelectorAll('.bar-row')) {
      const share = shares[row.dataset.id] || 0;
      row.querySelector('.bar-fill').style.width = `${100 * share}%`;
      row.querySelector('.bar-count').textContent = String(totals[row.dataset.id] || 0);
      row.querySelector('.bar-pct').textContent = `${Math.round(100 * share)}%`;
    }
  },
};

// ----- the dashboard's editor -----
export const editor = {
  options: { min: 2, max: 20, legend: 'dash.items_points', label: 'dash.item_label', add: 'dash.add_item', few: 'dash.error_items' },
  summary: (q) => [tr('dash.summary_points', { total: q.settings.total, n: q.options.length })],
  fields(settings, f) {
    const total = f.numberField('q-total', 'dash.total', settings.total ?? 100, 1, 1000);
    const allow = f.changeField(settings);
    return { nodes: [total, allow], read: () => ({ total: total.read(), allow_change: allow.input.checked }) };
  },
};

register('points', { form, rows, optionIds, view, editor });
