// Type the answer: a quiz question answered by typing, scored like the quiz (the server forgives
// case, accents, spaces and a typo in a long answer: question_types/type_answer.py). The presenter
// shows the answers given, most given first, sealed while voting when asked, the right ones
// marked in words once revealed.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { COLOURS, Problem } from './kit.js';
import { quizTimingFields } from './quiz.js';

/** How many of the most given answers a row list and the presenter show. */
export const SHOWN = 10;

const hasLetter = (text) => /[\p{L}\p{N}]/u.test(text);

export const form = {
  build(q, mine) {
    return [
      el('label', { class: 'help', for: 'typed-answer' }, tr('phone.typed_label')),
      el('input', { id: 'typed-answer', class: 'entry', name: 'text', maxLength: q.settings.max_length || 40, autocomplete: 'off', autocapitalize: 'off', enterKeyHint: 'send', value: mine?.text || '' }),
    ];
  },
  collect(form) {
    const text = form.querySelector('#typed-answer').value.trim();
    if (!hasLetter(text)) throw new Problem('phone.error_text');
    return { text };
  },
};

/** The most given answers with their counts; never which are right (the reveal says that). */
export function rows(q, result) {
  const answers = (result.tally.answers || []).slice(0, SHOWN);
  const top = Math.max(0, ...answers.map((a) => a.count));
  return answers.map((a) => [a.text, String(a.count), top ? (100 * a.count) / top : 0]);
}

export const optionIds = () => null;

export const view = {
  className: () => 'bars typed',
  build: () => [el('div', { class: 'typed-rows' }), el('p', { class: 'cloud-empty' }, tr('present.waiting_answers')), el('p', { class: 'accepted-line', hidden: true })],
  update(q, tally, total, chart, { play }) {
    const closed = play.sealed(q);
    const shown = play.revealed(q);
    chart.classList.toggle('sealed', closed);
    const answers = closed ? [] : (tally.answers || []).slice(0, SHOWN);
    const top = Math.max(1, ...answers.map((a) => a.count));
    chart.querySelector('.typed-rows').replaceChildren(
      ...answers.map((a, i) => {
        const fill = el('div', { class: `bar-fill c${i % COLOURS}` });
        fill.style.width = `${(100 * a.count) / top}%`;
        return el(
          'div',
          { class: `bar-row${shown && a.right ? ' correct' : ''}` },
          el('div', { class: 'bar-label' }, a.text, shown && a.right && el('span', { class: 'right-mark' }, `✓ ${tr('present.quiz_right_mark')}`)),
          el('div', { class: 'bar-track' }, fill),
          el('div', { class: 'bar-value' }, el('strong', { class: 'bar-count' }, String(a.count))),
        );
      }),
    );
    chart.querySelector('.cloud-empty').hidden = closed || answers.length > 0;
    const accepted = chart.querySelector('.accepted-line');
    const names = q.settings.accepted || [];
    accepted.hidden = !shown || !names.length;
    accepted.textContent = shown ? tr('present.accepted', { answers: names.join(' / ') }) : '';
    const note = chart.querySelector('.sealed-note');
    if (closed && !note) chart.append(el('p', { class: 'sealed-note' }, tr('present.quiz_sealed')));
    else if (!closed && note) note.remove();
  },
};

// ----- the dashboard's editor -----
export const editor = {
  alwaysFinal: true, // one answer counts, as in a quiz
  options: null,
  summary: (q) => [tr('dash.summary_type_answer', { right: (q.settings.accepted || []).join(' / '), seconds: q.settings.time_limit_s, points: q.settings.points })],
  fields(settings, f) {
    const accepted = el('textarea', { id: 'q-accepted', rows: 3, 'aria-describedby': 'q-accepted-help' }, (settings.accepted || []).join('\n'));
    const acceptedField = el(
      'div',
      { class: 'field wide' },
      el('label', { class: 'label', for: 'q-accepted' }, tr('dash.accepted')),
      accepted,
      el('p', { class: 'help', id: 'q-accepted-help' }, tr('dash.accepted_help')),
    );
    const typos = f.selectField('q-typos', 'dash.typo_tolerance', settings.typo_tolerance ?? 1, [
      [0, 'dash.typos_0'],
      [1, 'dash.typos_1'],
      [2, 'dash.typos_2'],
    ]);
    const length = f.numberField('q-length', 'dash.max_length_typed', settings.max_length ?? 40, 1, 100);
    const timing = quizTimingFields(settings, f);
    return {
      nodes: [acceptedField, typos, length, ...timing.nodes],
      read() {
        const answers = accepted.value.split('\n').map((line) => line.trim()).filter(hasLetter);
        if (!answers.length) {
          accepted.focus();
          throw new Error(tr('dash.error_accepted'));
        }
        return { accepted: answers.slice(0, 10), typo_tolerance: Number(typos.select.value), max_length: length.read(), ...timing.read() };
      },
    };
  },
};

register('type_answer', { form, rows, optionIds, view, editor });
