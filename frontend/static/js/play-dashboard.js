// Dashboard parts for quiz questions and self-paced rooms (dashboard.js builds the forms).
import { el, tr } from './common.js';

/** The settings of a quiz question: {nodes, read(options) -> settings}. The field helpers are
 *  dashboard.js's own, so these look and behave like every other setting. */
export function quizFields(settings, checkField, numberField, selectField) {
  const seconds = numberField('q-time', 'dash.time_limit', settings.time_limit_s ?? 20, 5, 300);
  const points = numberField('q-points', 'dash.quiz_points', settings.points ?? 1000, 0, 10000);
  const speed = checkField('q-speed', 'dash.speed_bonus', settings.speed_bonus !== false);
  const multi = checkField('q-multi', 'dash.quiz_multi', !!settings.multi_select);
  const reveal = checkField('q-reveal', 'dash.reveal_on_close', settings.reveal_on_close !== false);
  const hide = checkField('q-hide', 'dash.hide_until_closed', settings.hide_results_until_closed !== false);
  const chart = selectField('q-chart', 'dash.chart', settings.chart || 'bars', [
    ['bars', 'dash.chart_bars'],
    ['donut', 'dash.chart_donut'],
  ]);
  return {
    nodes: [seconds, points, speed, multi, reveal, hide, chart],
    read: () => ({
      time_limit_s: seconds.read(),
      points: points.read(),
      speed_bonus: speed.input.checked,
      multi_select: multi.input.checked,
      max_choices: null, // derived: every option when several may be chosen, else one
      reveal_on_close: reveal.input.checked,
      hide_results_until_closed: hide.input.checked,
      chart: chart.select.value,
      allow_change: false, // one answer counts in a quiz
    }),
  };
}

/** "Who sets the pace": the presenter (live, one question at a time) or each participant (a
 *  self-paced survey). `value` is the current choice; `withDefault` adds "as the presentation". */
export function pacingField(id, value, withDefault = false) {
  const choices = [
    ...(withDefault ? [['', 'dash.pacing_default']] : []),
    ['presenter', 'dash.pacing_presenter'],
    ['audience', 'dash.pacing_audience'],
  ];
  const select = el(
    'select',
    { id, 'aria-describedby': `${id}-help` },
    choices.map(([v, key]) => el('option', { value: v, selected: String(value ?? '') === v }, tr(key))),
  );
  const field = el(
    'div',
    { class: 'field' },
    el('label', { class: 'label', for: id }, tr('dash.pacing')),
    select,
    el('p', { class: 'help', id: `${id}-help` }, tr('dash.pacing_help')),
  );
  field.select = select;
  return field;
}
