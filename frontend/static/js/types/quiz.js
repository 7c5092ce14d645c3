// A quiz question: answered like multiple choice, drawn like it too, but the answers stay sealed
// while voting when the room asks for it, and the right option is marked in words once revealed.
// The countdown, scores and leaderboard are play-phone.js and play-present.js.
import { el, tr } from '../common.js';
import { register } from './index.js';
import * as multipleChoice from './multiple_choice.js';

export const form = multipleChoice.form;
export const rows = multipleChoice.rows;
export const optionIds = multipleChoice.optionIds;

export const view = {
  className: (q) => `${q.settings.chart === 'donut' ? 'donut' : 'bars'} quiz${q.options.length > 8 ? ' many' : ''}${q.options.length > 14 ? ' columns' : ''}`,
  build: multipleChoice.view.build,
  update(q, tally, total, chart, { play }) {
    const closed = play.sealed(q);
    chart.classList.toggle('sealed', closed);
    multipleChoice.view.update(q, closed ? {} : tally, closed ? 0 : total, chart);
    const right = play.revealed(q) ? new Set(q.options.filter((o) => o.correct).map((o) => o.id)) : new Set();
    for (const row of chart.querySelectorAll('[data-id]')) {
      const isRight = right.has(row.dataset.id);
      row.classList.toggle('correct', isRight);
      let mark = row.querySelector('.right-mark');
      if (isRight && !mark && !row.matches('circle')) {
        mark = el('span', { class: 'right-mark' }, `✓ ${tr('present.quiz_right_mark')}`);
        (row.querySelector('.bar-label') || row).append(mark);
      } else if (!isRight && mark) mark.remove();
    }
    const note = chart.querySelector('.sealed-note');
    if (closed && !note) chart.append(el('p', { class: 'sealed-note' }, tr('present.quiz_sealed')));
    else if (!closed && note) note.remove();
  },
};

// ----- the dashboard's editor -----
export const editor = {
  alwaysFinal: true, // one answer counts in a quiz: no need to say so
  options: { min: 2, max: 30, legend: 'dash.answers_quiz', label: 'dash.option_label', add: 'dash.add_option', few: 'dash.error_options', correct: true },
  summary(q) {
    const right = q.options.filter((o) => o.correct).map((o) => o.label).join(', ');
    return [tr('dash.summary_quiz', { right, seconds: q.settings.time_limit_s, points: q.settings.points })];
  },
  fields(settings, f) {
    const timing = quizTimingFields(settings, f);
    const multi = f.checkField('q-multi', 'dash.quiz_multi', !!settings.multi_select);
    const chart = multipleChoice.chartField(settings, f);
    return {
      nodes: [...timing.nodes, multi, chart],
      read: () => ({
        ...timing.read(),
        multi_select: multi.input.checked,
        max_choices: null, // derived: every option when several may be chosen, else one
        chart: chart.select.value,
      }),
    };
  },
};

/** What every question answered for points has: time, points, speed bonus, reveal, hiding. */
export function quizTimingFields(settings, f) {
  const seconds = f.numberField('q-time', 'dash.time_limit', settings.time_limit_s ?? 20, 5, 300);
  const points = f.numberField('q-points', 'dash.quiz_points', settings.points ?? 1000, 0, 10000);
  const speed = f.checkField('q-speed', 'dash.speed_bonus', settings.speed_bonus !== false);
  const reveal = f.checkField('q-reveal', 'dash.reveal_on_close', settings.reveal_on_close !== false);
  const hide = f.checkField('q-hide', 'dash.hide_until_closed', settings.hide_results_until_closed !== false);
  return {
    nodes: [seconds, points, speed, reveal, hide],
    read: () => ({
      time_limit_s: seconds.read(),
      points: points.read(),
      speed_bonus: speed.input.checked,
      reveal_on_close: reveal.input.checked,
      hide_results_until_closed: hide.input.checked,
      allow_change: false, // one answer counts in a quiz
    }),
  };
}

register('quiz', { form, rows, optionIds, view, editor });
