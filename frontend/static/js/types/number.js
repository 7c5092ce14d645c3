// A number: each phone gives a number in the question's range (an estimate, "guess the number");
// the presenter shows a histogram with the mean and the median marked, and the right value once
// voting closes when the question has one.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, fixed } from './kit.js';

/** A number as the rows show it: at most two decimals, no trailing zeros (as the server). */
export function numberText(value) {
  const text = fixed(value, 2).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** "3" for a column of one value, "10–20" for a span. */
export function binLabel(column) {
  const [low, high] = [numberText(column.from), numberText(column.to)];
  return low === high ? low : `${low}–${high}`;
}

const unitAfter = (q) => (q.settings.unit ? ` ${q.settings.unit}` : '');

/** The typed text as a number for question `q`, or a Problem (the server's rules: number.py). */
export function parseNumber(q, typed) {
  const text = typed.trim().replace(',', '.'); // a decimal comma, as Dutch phones type it
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) || text.length > 24) throw new Problem('phone.error_number');
  const value = Number(text);
  const { min, max, decimals } = q.settings;
  if (value < min || value > max) throw new Problem('phone.error_number_range', { low: numberText(min), high: numberText(max) });
  const places = (text.split('.')[1] || '').replace(/0+$/, '').length;
  if (places > (decimals || 0)) throw decimals ? new Problem('phone.error_number_decimals', { n: decimals }) : new Problem('phone.error_number_whole');
  return value;
}

export const form = {
  build(q, mine) {
    const { min, max } = q.settings;
    return [
      el('p', { class: 'help', id: 'number-help' }, tr('phone.number_help', { low: numberText(min), high: numberText(max), unit: unitAfter(q) })),
      el(
        'div',
        { class: 'number-row' },
        el('label', { class: 'sr-only', for: 'number-value' }, tr('phone.number_label')),
        el('input', { id: 'number-value', class: 'number-input', name: 'value', inputMode: 'decimal', autocomplete: 'off', 'aria-describedby': 'number-help', enterKeyHint: 'send', value: mine?.value ?? '' }),
        q.settings.unit && el('span', { class: 'number-unit', 'aria-hidden': 'true' }, q.settings.unit),
      ),
    ];
  },
  collect(form, q) {
    return { value: parseNumber(q, form.querySelector('#number-value').value) };
  },
};

/** The histogram's columns, each its value or span, its count and a meter against the top one. */
export function rows(q, result) {
  const bins = result.tally.bins || [];
  const top = Math.max(0, ...bins.map((b) => b.count));
  return bins.map((b) => [binLabel(b), String(b.count), top ? (100 * b.count) / top : 0]);
}

export const optionIds = () => null;

/** Where value `v` sits across the histogram, 0-100 (a column of one value: at its middle). */
function across(bins, v) {
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (first.from === first.to) {
    const span = last.from - first.from || 1;
    return (100 * (((v - first.from) / span) * (bins.length - 1) + 0.5)) / bins.length;
  }
  return (100 * (v - first.from)) / (last.to - first.from || 1);
}

export const view = {
  className: () => 'number',
  build(q) {
    const marks = ['mean', 'median', 'correct'].map((kind) => el('div', { class: `value-mark ${kind}-mark`, dataset: { mark: kind }, hidden: true }));
    const grid = el(
      'div',
      { class: 'number-grid' },
      el('div', { class: 'hist number-hist' }, marks),
      el('div', { class: 'number-ticks' }),
      el('p', { class: 'number-figures' }),
      el('p', { class: 'cloud-empty' }, tr('present.waiting_numbers')),
    );
    return [grid];
  },
  update(q, tally, total, chart, { votingOpen }) {
    const bins = tally.bins || [];
    const hist = chart.querySelector('.number-hist');
    if (!hist || !bins.length) return;
    hist.style.setProperty('--steps', String(bins.length));
    const ticks = chart.querySelector('.number-ticks');
    ticks.style.setProperty('--steps', String(bins.length));
    let cols = [...hist.querySelectorAll('.col')];
    if (cols.length !== bins.length) {
      cols.forEach((c) => c.remove());
      cols = bins.map(() => el('div', { class: 'col' }, el('span', { class: 'col-count' }), el('div', { class: 'col-fill c0' })));
      hist.prepend(...cols);
      ticks.replaceChildren(...bins.map((b) => el('span', {}, binLabel(b))));
    }
    const top = Math.max(1, ...bins.map((b) => b.count));
    bins.forEach((b, i) => {
      cols[i].querySelector('.col-fill').style.height = `${(100 * b.count) / top}%`;
      cols[i].querySelector('.col-count').textContent = b.count ? String(b.count) : '';
    });
    const unit = unitAfter(q);
    const correct = q.settings.correct ?? null;
    const shown = { mean: tally.mean ?? null, median: tally.median ?? null, correct: votingOpen() ? null : correct };
    const figures = [];
    for (const [kind, value] of Object.entries(shown)) {
      const mark = hist.querySelector(`[data-mark=${kind}]`);
      mark.hidden = value === null;
      if (value === null) continue;
      mark.style.left = `${across(bins, value)}%`;
      const name = tr({ mean: 'present.mean', median: 'present.median', correct: 'present.correct_value' }[kind]);
      mark.title = `${name}: ${numberText(value)}${unit}`;
      figures.push(el('span', { class: `figure ${kind}` }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), `${name} `, el('strong', {}, `${numberText(value)}${unit}`)));
    }
    chart.querySelector('.number-figures').replaceChildren(...figures);
    chart.querySelector('.cloud-empty').hidden = total > 0;
  },
};

// ----- the dashboard's editor -----
export const editor = {
  options: null,
  summary: (q) => [tr('dash.summary_number', { low: numberText(q.settings.min), high: numberText(q.settings.max), unit: unitAfter(q) })],
  fields(settings, f) {
    const low = f.decimalField('q-number-min', 'dash.number_min', settings.min ?? 0);
    const high = f.decimalField('q-number-max', 'dash.number_max', settings.max ?? 100);
    const decimals = f.numberField('q-decimals', 'dash.decimals', settings.decimals ?? 0, 0, 3);
    const unit = f.textField('q-unit', 'dash.unit', settings.unit, 16, 'dash.unit_placeholder');
    const correct = f.decimalField('q-correct', 'dash.correct_value', settings.correct, { optional: true, help: 'dash.correct_value_help' });
    const allow = f.changeField(settings);
    return {
      nodes: [low, high, decimals, unit, correct, allow],
      read() {
        const [min, max] = [low.read(), high.read()];
        if (!(min < max)) throw new Error(tr('dash.error_number_range'));
        return { min, max, decimals: decimals.read(), unit: unit.read(), correct: correct.read(), allow_change: allow.input.checked };
      },
    };
  },
};

register('number', { form, rows, optionIds, view, editor });
