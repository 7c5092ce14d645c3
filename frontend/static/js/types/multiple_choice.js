// Multiple choice: one option, or several up to a limit; bars or a donut on the presenter screen.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, buildBars, buildDonut, fixed, updateBars, updateDonut } from './kit.js';

/** The phone's texts speak of votes and picks, not of answers. */
export const choice = true;

/** One tap votes when a single answer may be changed later; otherwise there is a send button. */
export const instant = (q) => !q.settings.multi_select && q.settings.allow_change !== false;

/**
 * The phone's form of a choice among options: radio buttons (or check boxes up to max_choices),
 * each with `body(o)` beside it (the label; image choice: the picture and the label).
 */
export function choiceForm(body = (o) => el('span', {}, o.label), pictures = false) {
  const kind = pictures ? ' pictures' : '';
  return {
    build(q, mine) {
      const multi = !!q.settings.multi_select;
      const chosen = new Set(mine?.choice_ids || []);
      return [
        el('p', { class: 'help' }, multi ? tr('phone.pick_many', { n: q.settings.max_choices || 1 }) : tr('phone.pick_one')),
        el(
          'div',
          { class: `options${kind}` },
          q.options.map((o) =>
            el('label', { class: `option${pictures ? ' pic' : ''}` }, el('input', { type: multi ? 'checkbox' : 'radio', name: 'choice', value: o.id, checked: chosen.has(o.id) }), body(o)),
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
}

export const form = choiceForm();

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
  summary: (q) => [tr('dash.summary_options', { n: q.options.length }), picksSummary(q)],
  fields: (settings, f) => choiceFields(settings, f, 30, true),
};

export const picksSummary = (q) => (q.settings.multi_select ? tr('dash.summary_many', { n: q.settings.max_choices }) : tr('dash.summary_one'));

/** One or several picks (up to `most`), changes, and with `chart` bars or a donut. */
export function choiceFields(settings, f, most, chart) {
  const multi = f.checkField('q-multi', 'dash.multi', !!settings.multi_select);
  const maxChoices = el('input', { type: 'number', id: 'q-max', min: 1, max: most, value: settings.multi_select ? settings.max_choices : '' });
  const maxRow = el('div', { class: 'field', hidden: !settings.multi_select }, el('label', { class: 'label', for: 'q-max' }, tr('dash.max_choices')), maxChoices);
  multi.input.addEventListener('change', () => {
    maxRow.hidden = !multi.input.checked;
  });
  const allow = f.changeField(settings);
  const chartChoice = chart ? chartField(settings, f) : null;
  return {
    nodes: [multi, maxRow, allow, chartChoice].filter(Boolean),
    read(options) {
      const max = multi.input.checked && maxChoices.value ? Number(maxChoices.value) : null;
      if (max !== null && (max < 1 || max > options.length)) throw new Error(tr('dash.error_max', { n: options.length }));
      const read = { multi_select: multi.input.checked, max_choices: max, allow_change: allow.input.checked };
      return chartChoice ? { ...read, chart: chartChoice.select.value } : read;
    },
  };
}

/** Bars or a donut on the presenter screen. */
export function chartField(settings, f) {
  return f.selectField('q-chart', 'dash.chart', settings.chart || 'bars', [
    ['bars', 'dash.chart_bars'],
    ['donut', 'dash.chart_donut'],
  ]);
}

register('multiple_choice', { choice, instant, form, rows, optionIds, view, editor });
