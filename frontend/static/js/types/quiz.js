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

register('quiz', { form, rows, optionIds, view });
