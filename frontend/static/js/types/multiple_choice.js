// Multiple choice: one option, or several up to a limit; bars or a donut on the presenter screen.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, buildBars, buildDonut, fixed, updateBars, updateDonut } from './kit.js';

/** The phone's texts speak of votes and picks, not of answers. */
export const choice = true;

/** One tap votes when a single answer may be changed later; otherwise there is a send button. */
export const instant = (q) => !q.settings.multi_select && q.settings.allow_change !== false;

export const form = {
  build(q, mine) {
    const multi = !!q.settings.multi_select;
    const chosen = new Set(mine?.choice_ids || []);
    return [
      el('p', { class: 'help' }, multi ? tr('phone.pick_many', { n: q.settings.max_choices || 1 }) : tr('phone.pick_one')),
      el(
        'div',
        { class: 'options' },
        q.options.map((o) =>
          el('label', { class: 'option' }, el('input', { type: multi ? 'checkbox' : 'radio', name: 'choice', value: o.id, checked: chosen.has(o.id) }), el('span', {}, o.label)),
        ),
      ),
    ];
  },
  /** With several picks allowed, the other boxes go grey once the limit is reached. */
  update(form, q, ctx) {
    if (!q.settings.multi_select || ctx.locked()) return;
    const boxes = [...form.querySelectorAll('input[name=choice]')];
    const full = boxes.filter((b) => b.checked).length >= (q.settings.max_choices || boxes.length);
    for (const box of boxes) box.disabled = full && !box.checked;
  },
  collect(form, q) {
    const choices = [...form.querySelectorAll('input[name=choice]:checked')].map((i) => i.value);
    if (!choices.length) throw new Problem('phone.error_pick');
    if (choices.length > (q.settings.max_choices || 1)) throw new Problem('phone.error_too_many_choices', { n: q.settings.max_choices || 1 });
    return { choice_ids: choices };
  },
};

/** Each option with its share of the responses, as whole percents. */
export function rows(q, result) {
  const counts = result.tally.counts || {};
  const total = result.response_count;
  return q.options.map((o) => {
    const percent = total ? Number(fixed((100 * (counts[o.id] || 0)) / total)) : 0;
    return [o.label, `${percent}%`, percent];
  });
}

export const optionIds = (tally) => Object.keys(tally.counts || {});

export const view = {
  className: (q) => `${q.settings.chart === 'donut' ? 'donut' : 'bars'}${q.options.length > 8 ? ' many' : ''}${q.options.length > 14 ? ' columns' : ''}`,
  build: (q) => (q.settings.chart === 'donut' ? buildDonut(q) : buildBars(q)),
  update(q, tally, total, chart) {
    if (q.settings.chart === 'donut') updateDonut(chart, q, tally.counts || {});
    else updateBars(chart, tally.counts || {}, total);
  },
};

// ----- the dashboard's editor -----
export const editor = {
  options: { min: 2, max: 30, legend: 'dash.options', label: 'dash.option_label', add: 'dash.add_option', few: 'dash.error_options' },
  summary: (q) => [tr('dash.summary_options', { n: q.options.length }), q.settings.multi_select ? tr('dash.summary_many', { n: q.settings.max_choices }) : tr('dash.summary_one')],
  fields(settings, f) {
    const multi = f.checkField('q-multi', 'dash.multi', !!settings.multi_select);
    const maxChoices = el('input', { type: 'number', id: 'q-max', min: 1, max: 30, value: settings.multi_select ? settings.max_choices : '' });
    const maxRow = el('div', { class: 'field', hidden: !settings.multi_select }, el('label', { class: 'label', for: 'q-max' }, tr('dash.max_choices')), maxChoices);
    multi.input.addEventListener('change', () => {
      maxRow.hidden = !multi.input.checked;
    });
    const allow = f.changeField(settings);
    const chart = chartField(settings, f);
    return {
      nodes: [multi, maxRow, allow, chart],
      read(options) {
        const max = multi.input.checked && maxChoices.value ? Number(maxChoices.value) : null;
        if (max !== null && (max < 1 || max > options.length)) throw new Error(tr('dash.error_max', { n: options.length }));
        return { multi_select: multi.input.checked, max_choices: max, allow_change: allow.input.checked, chart: chart.select.value };
      },
    };
  },
};

/** Bars or a donut on the presenter screen. */
export function chartField(settings, f) {
  return f.selectField('q-chart', 'dash.chart', settings.chart || 'bars', [
    ['bars', 'dash.chart_bars'],
    ['donut', 'dash.chart_donut'],
  ]);
}

register('multiple_choice', { choice, instant, form, rows, optionIds, view, editor });
