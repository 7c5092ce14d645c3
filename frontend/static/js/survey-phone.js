// Audience-paced rooms (a self-paced survey): the phone walks through every question itself, with
// "3 of 8", back and next, answers kept when going back, and a finish screen. The answer forms are
// the types' own (types/), so every question type works here as on a presenter-paced phone.
import { el, sendAnswer, tr } from './common.js';
import { TYPES, known, typeNow } from './types/index.js';
import { Problem, rightAnswer } from './types/kit.js';

export function createSurvey({ main, code }) {
  const storeKey = `survey:${code}`;
  let state = null;
  let index = Number(sessionStorage.getItem(storeKey) || 0) || 0; // questions.length: the finish screen
  let shownKey = '';
  let sending = false;
  let message = null;
  let saved = null; // the question id just saved (announced)
  const ctx = { order: [], changed: () => {}, locked: () => !state?.voting_open };

  const questions = () => state?.questions || [];
  const mine = (q) => state?.my_responses?.[q.id] || null;

  function go(to) {
    index = Math.max(0, Math.min(to, questions().length));
    sessionStorage.setItem(storeKey, String(index));
    message = null;
    shownKey = '';
    draw();
    document.getElementById('survey-heading')?.focus();
  }

  function progressBar() {
    const total = answerable().length;
    const answered = state.progress?.answered || 0;
    return el(
      'div',
      { class: 'survey-progress' },
      el('p', { id: 'survey-progress-text', class: 'help' }, tr('phone.survey_answered_of', { n: answered, total })),
      el('progress', { max: total || 1, value: answered, 'aria-labelledby': 'survey-progress-text' }),
    );
  }

  function finishView() {
    const total = answerable().length;
    const answered = state.progress?.answered || 0;
    const back = el('button', { type: 'button', class: 'btn', id: 'survey-review' }, tr('phone.survey_review'));
    back.addEventListener('click', () => go(0));
    return el(
      'section',
      { class: 'card center survey-done' },
      el('h1', { id: 'survey-heading', tabIndex: -1 }, tr(state.voting_open ? 'phone.survey_done_title' : 'phone.survey_closed_title')),
      el('p', {}, tr('phone.survey_done', { n: answered, total })),
      state.voting_open && el('p', { class: 'help' }, tr('phone.survey_can_change')),
      back,
    );
  }

  // A content slide takes no answers: it is read, then skipped (types/<type>.js `answered`).
  const shownOnly = (q) => TYPES[q.type]?.answered === false;
  const answerable = () => questions().filter((q) => !shownOnly(q));

  function questionView(q, n) {
    const kind = TYPES[q.type]?.form;
    const total = questions().length;
    const open = !!state.voting_open;
    const form = el(
      'form',
      { id: 'vote-form', class: 'card vote', dataset: { type: q.type }, noValidate: true },
      el('p', { class: 'counter', id: 'survey-heading', tabIndex: -1 }, tr('phone.survey_question_of', { n: n + 1, total })),
      el('fieldset', { disabled: !open }, el('legend', { class: 'prompt' }, el('h1', {}, q.prompt)), shownOnly(q) ? TYPES[q.type].screen(q) : kind ? kind.build(q, mine(q), ctx) : el('p', { class: 'note' }, tr('phone.unsupported'))),
    );
    const back = el('button', { type: 'button', class: 'btn', id: 'survey-back', disabled: n === 0 }, tr('phone.survey_back'));
    const skip = el('button', { type: 'button', class: 'btn quiet', id: 'survey-skip' }, tr(n + 1 === total ? 'phone.survey_to_end' : 'phone.survey_skip'));
    const next = el('button', { type: 'submit', class: 'btn primary', id: 'survey-next', hidden: !open || !kind || shownOnly(q) }, tr(n + 1 === total ? 'phone.survey_save_finish' : 'phone.survey_save_next'));
    back.addEventListener('click', () => go(n - 1));
    skip.addEventListener('click', () => go(n + 1));
    form.append(el('div', { class: 'row survey-nav' }, back, skip, next));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save(q, form, n);
    });
    form.addEventListener('input', () => kind?.update?.(form, q, ctx));
    ctx.changed = () => kind?.update?.(form, q, ctx);
    const reveal = state.reveals?.[q.id];
    return [
      progressBar(),
      form,
      el('p', { id: 'status', class: 'msg', role: 'status', hidden: true }),
      reveal && el('section', { class: `card reveal ${reveal.my_correct ? 'right' : 'wrong'}` }, el('p', {}, tr('phone.quiz_right_answer', { answer: rightAnswer(q, reveal) }))),
    ];
  }

  async function save(q, form, n) {
    if (sending) return;
    let answer;
    try {
      answer = TYPES[q.type].form.collect(form, q, ctx);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      message = tr(problem.key, problem.values);
      status();
      return;
    }
    sending = true;
    message = tr('phone.sending');
    status();
    const r = await sendAnswer(code, q.id, answer);
    sending = false;
    if (r.ok) {
      // Kept here at once (the server's next state says the same): going back shows it.
      state.my_responses = { ...(state.my_responses || {}), [q.id]: { question_id: q.id, ...answer } };
      state.progress = { ...state.progress, answered: Object.keys(state.my_responses).length };
      saved = q.id;
      message = null;
      go(n + 1);
      return;
    }
    if (r.status === 401 || r.status === 404) {
      location.replace(`/${code}`);
      return;
    }
    message = tr({ 409: 'phone.error_no_change', 422: 'phone.error_invalid', 423: 'phone.survey_error_closed', 429: 'phone.error_slow_down' }[r.status] || 'phone.error_network');
    status();
  }

  function status() {
    const box = document.getElementById('status');
    if (!box) return;
    const text = message || (saved ? tr('phone.survey_saved') : '');
    box.hidden = !text;
    box.textContent = text;
    box.className = `msg ${message ? (sending ? '' : 'error') : 'ok'}`;
  }

  function draw() {
    const list = questions();
    if (state.status !== 'live') {
      main.replaceChildren(el('section', { class: 'card center' }, el('h1', {}, tr('phone.ended_title')), el('p', {}, tr('phone.ended'))));
      return;
    }
    if (!list.length) {
      main.replaceChildren(el('section', { class: 'card center' }, el('h1', {}, tr('phone.waiting_title')), el('p', {}, tr('phone.waiting'))));
      return;
    }
    const q = index < list.length ? list[index] : null;
    if (q && known(q.type) && !typeNow(q.type, draw)) return; // its form is on its way
    const key = JSON.stringify([index, state.voting_open, q, state.reveals?.[q?.id]]);
    if (key === shownKey) return;
    shownKey = key;
    main.replaceChildren(...[q ? questionView(q, index) : [progressBar(), finishView()]].flat().filter(Boolean));
    const form = document.getElementById('vote-form');
    if (form && q) TYPES[q.type]?.form.update?.(form, q, ctx);
    status();
    saved = null;
  }

  return {
    render(next) {
      const first = state === null;
      state = next;
      if (first && index === 0) {
        // Back on the page: continue at the first question not answered yet.
        const open = questions().findIndex((q) => !mine(q));
        index = open === -1 ? questions().length : open;
      }
      index = Math.min(index, questions().length);
      draw();
    },
  };
}
