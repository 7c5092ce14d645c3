// Scales and agree-disagree statements: each statement rated 1..steps (or skipped); the presenter
// shows per statement the spread over the steps with the mean marked.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, fixed } from './kit.js';

export const form = {
  build(q, mine) {
    const s = q.settings;
    const steps = s.steps || 5;
    const ratings = mine?.ratings || {};
    const cols = steps <= 6 ? steps : Math.ceil(steps / 2);
    const end = (n) => (n === 1 && s.min_label ? ` (${s.min_label})` : n === steps && s.max_label ? ` (${s.max_label})` : '');
    return [
      el('p', { class: 'help' }, tr('phone.scale_help', { n: steps })),
      q.options.map((o) =>
        el(
          'fieldset',
          { class: 'statement' },
          el('legend', { class: 'statement-label' }, o.label),
          el(
            'div',
            { class: 'steps', dataset: { cols } },
            Array.from({ length: steps }, (_, i) =>
              el(
                'label',
                { class: 'step' },
                el('input', { type: 'radio', name: `rate.${o.id}`, value: i + 1, checked: ratings[o.id] === i + 1 }),
                el('span', {}, String(i + 1)),
                end(i + 1) && el('span', { class: 'sr-only' }, end(i + 1)),
              ),
            ),
          ),
          (s.min_label || s.max_label) && el('p', { class: 'ends', 'aria-hidden': 'true' }, el('span', {}, s.min_label), el('span', {}, s.max_label)),
          s.allow_skip !== false &&
            el(
              'label',
              { class: 'step skip' },
              el('input', { type: 'radio', name: `rate.${o.id}`, value: 'skip', checked: o.id in ratings && ratings[o.id] === null }),
              el('span', {}, tr('phone.skip')),
            ),
        ),
      ),
    ];
  },
  collect(form, q) {
    const skip = q.settings.allow_skip !== false;
    const ratings = {};
    for (const o of q.options) {
      const value = form.querySelector(`input[name="rate.${CSS.escape(o.id)}"]:checked`)?.value;
      if (value && value !== 'skip') ratings[o.id] = Number(value);
      else if (skip) ratings[o.id] = null; // left open, or skipped on purpose
      else throw new Problem('phone.error_rate');
    }
    if (Object.values(ratings).every((v) => v === null)) throw new Problem('phone.error_rate_one');
    return { ratings };
  },
};

/** Each statement's mean out of the steps, with a meter from the lowest step to the highest. */
export function rows(q, result) {
  const tally = result.tally;
  const steps = tally.steps || 5;
  return q.options.map((o) => {
    const mean = tally.statements?.[o.id]?.mean;
    const known = mean !== null && mean !== undefined;
    const meter = known && steps > 1 ? (100 * (mean - 1)) / (steps - 1) : 0;
    return [o.label, `${known ? fixed(mean, 1) : '–'} / ${steps}`, meter];
  });
}

export const optionIds = (tally) => Object.keys(tally.statements || {});

function stepColour(step, steps) {
  // One hue from light to dark: the steps are an order, not categories.
  const share = steps > 1 ? Math.round(30 + (70 * (step - 1)) / (steps - 1)) : 100;
  return `color-mix(in srgb, var(--c0) ${share}%, #e0e7ff)`;
}

export const view = {
  className: (q) => `scale${q.options.length > 6 ? ' many' : ''}`,
  build(q) {
    const steps = q.settings.steps || 5;
    const head = el(
      'div',
      { class: 'scale-head' },
      el('span'),
      el(
        'div',
        { class: 'scale-axis' },
        el('p', { class: 'scale-ends' }, el('span', {}, q.settings.min_label || ''), el('span', {}, q.settings.max_label || '')),
        el('div', { class: 'scale-steps' }, Array.from({ length: steps }, (_, i) => el('span', {}, String(i + 1)))),
      ),
      el('span', { class: 'scale-mean-head' }, tr('present.mean')),
    );
    const statements = q.options.map((o) =>
      el(
        'div',
        { class: 'scale-row', dataset: { id: o.id } },
        el('div', { class: 'bar-label' }, o.label),
        el(
          'div',
          { class: 'hist' },
          Array.from({ length: steps }, (_, i) => {
            const fill = el('div', { class: 'col-fill' });
            fill.style.background = stepColour(i + 1, steps);
            return el('div', { class: 'col' }, el('span', { class: 'col-count' }), fill);
          }),
          el('div', { class: 'mean-mark', hidden: true }),
        ),
        el('div', { class: 'scale-value' }, el('strong', { class: 'mean-value' }, '–'), el('span', { class: 'mean-count' })),
      ),
    );
    const grid = el('div', { class: 'scale-grid' }, head, statements);
    grid.style.setProperty('--steps', String(steps));
    grid.style.setProperty('--rows', String(q.options.length));
    return [grid];
  },
  update(q, tally, total, chart) {
    const steps = tally.steps || q.settings.steps || 5;
    for (const row of chart.querySelectorAll('.scale-row')) {
      const data = tally.statements?.[row.dataset.id] || { distribution: [], count: 0, mean: null, skipped: 0 };
      const top = Math.max(1, ...data.distribution);
      [...row.querySelectorAll('.col')].forEach((col, i) => {
        const n = data.distribution[i] || 0;
        col.querySelector('.col-fill').style.height = `${(100 * n) / top}%`;
        col.querySelector('.col-count').textContent = n ? String(n) : '';
      });
      const mark = row.querySelector('.mean-mark');
      const known = data.mean !== null && data.mean !== undefined;
      mark.hidden = !known;
      if (known) mark.style.left = `${(100 * (data.mean - 0.5)) / steps}%`;
      row.querySelector('.mean-value').textContent = known ? data.mean.toFixed(1) : '–';
      row.querySelector('.mean-count').textContent = tr(data.count === 1 ? 'present.n_ratings_one' : 'present.n_ratings', { n: data.count });
    }
  },
};

// ----- the dashboard's editor -----
export const editor = {
  options: { min: 1, max: 20, legend: 'dash.statements', label: 'dash.statement_label', add: 'dash.add_statement', few: 'dash.error_statements' },
  summary: (q) => [tr('dash.summary_scale', { steps: q.settings.steps, n: q.options.length })],
  fields(settings, f) {
    const steps = f.numberField('q-steps', 'dash.steps', settings.steps ?? 5, 2, 10);
    const low = f.textField('q-min-label', 'dash.min_label', settings.min_label, 60, 'dash.min_label_placeholder');
    const high = f.textField('q-max-label', 'dash.max_label', settings.max_label, 60, 'dash.max_label_placeholder');
    const skip = f.checkField('q-skip', 'dash.allow_skip', settings.allow_skip !== false);
    const allow = f.changeField(settings);
    return {
      nodes: [steps, low, high, skip, allow],
      read: () => ({ steps: steps.read(), min_label: low.read(), max_label: high.read(), allow_skip: skip.input.checked, allow_change: allow.input.checked }),
    };
  },
};

register('scale', { form, rows, optionIds, view, editor });
