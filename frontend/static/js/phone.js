// The phone page: join by code, vote, follow the presenter. Enhances the server-rendered forms.
import { LiveSocket, api, connectionPill, el, sendAnswer, tr } from './common.js';
import { setUpJoin } from './join-phone.js';
import { reactionRow } from './reactions-phone.js';
import { roomTabs } from './room-tabs-phone.js';
import { TYPES, known, quizRoom, typeNow } from './types/index.js';
import { Problem, questionFigure } from './types/kit.js';

const body = document.body;
const code = body.dataset.code;
document.documentElement.classList.add('js');


/** How many answers one phone may send to a question (1 unless it takes several). */
const most = (q) => (q.settings.multiple_submissions ? q.settings.max_submissions || 5 : 1);

function setUpRoom(initial) {
  const main = roomTabs(code); // the poll's panel; the Q&A and reactions have their own tab
  let state = initial;
  let shownKey = '';
  let results = null; // the newest results message body for the current question
  let justVoted = new URLSearchParams(location.search).get('voted');
  let message = null; // a Problem to show instead of the usual status
  let sending = false;
  let sendAgain = false;
  // The phone's own network (the socket can look open for a while after it is gone): offline, an
  // answer waits (queued) and goes out when the network is back, with a fresh Idempotency-Key.
  let offline = navigator.onLine === false;
  let queued = false;
  let instantTimer = 0;
  let sent = Number(body.dataset.sent) || 0; // answers sent to a question that takes several
  const ctx = { order: [], changed: () => changed(), locked: () => locked() };
  let survey = null; // a self-paced survey's view (survey-phone.js), fetched when the room is one
  // Quiz play (the nickname, the countdown, the leaderboard: play-phone.js) loads once the room
  // turns out to be a quiz: the phones of a poll never download it.
  let play = null; // the module on its way, once the room turned out to be a quiz
  let playing = false; // its startPlay ran: from then on it follows the socket itself
  let board = null; // a leaderboard that came before that
  const playWhenQuiz = () => {
    if (play || !(quizRoom(state) || board)) return;
    play = import('./play-phone.js').then(({ startPlay }) => {
      playing = true;
      startPlay({ code, main, initial: state, board });
    });
  };
  playWhenQuiz();
  if (justVoted) history.replaceState(null, '', location.pathname);

  const question = () => state.question;
  const kind = () => TYPES[question()?.type];
  // The phone's texts speak of votes and picks for multiple choice, of answers for the others.
  const choice = () => !!kind()?.choice;
  const mine = () => (state.my_response?.question_id === question()?.id ? state.my_response : null);
  const answered = () => {
    const q = question();
    return !!q && (!!mine() || justVoted === q.id);
  };
  const left = () => most(question()) - sent;
  const locked = () => {
    const q = question();
    if (!state.voting_open) return true;
    return most(q) > 1 ? left() <= 0 : answered() && !q.settings.allow_change;
  };
  // One tap sends the answer where the type says so (a single choice that may change later).
  const instant = () => !!kind()?.instant?.(question());

  let lostFocus = null; // the control that had the focus when the view last disabled it
  let shownQuestionId = null;

  function network(online) {
    offline = !online;
    document.body.dataset.network = online ? 'online' : 'offline';
    update();
    if (online && queued) {
      queued = false;
      send();
    }
  }
  window.addEventListener('offline', () => network(false));
  window.addEventListener('online', () => network(true));

  // Most rooms are paced by the presenter: their phones never download the survey's view.
  function renderSurvey() {
    if (survey) return survey.render(state);
    import('./survey-phone.js').then(({ createSurvey }) => {
      survey ??= createSurvey({ main, code });
      render();
    }, () => setTimeout(render, 2000)); // a lost fetch: try again a bit later
  }

  function render() {
    if (state.pacing === 'audience') return renderSurvey(); // a self-paced survey
    // The question type's module arrives first (types/index.js); meanwhile the page's own form
    // stays when it is the first view, else the new prompt shows, and this draws again after.
    const type = question()?.type;
    if (known(type) && !typeNow(type, render)) {
      if (shownKey) {
        shownKey = '';
        shownQuestionId = null;
        main.replaceChildren(el('section', { class: 'card', 'aria-busy': 'true' }, el('h1', {}, question().prompt), el('p', { class: 'note' }, tr('phone.loading'))));
      }
      return;
    }
    // Key order differs between the page's embedded state and the socket's: compare sorted.
    const key = stableJson([state.status, state.voting_open, question()]);
    let wanted = null;
    if (key !== shownKey) {
      const sameQuestion = shownQuestionId !== null && shownQuestionId === question()?.id;
      // Text typed into the same question survives a new view, and so does text typed into the
      // page's own form (no scripts yet) before this script took over: a slow phone loses nothing.
      const typed = sameQuestion || shownQuestionId === null ? typedText() : [];
      shownKey = key;
      shownQuestionId = question()?.id ?? null;
      // A new view must not throw the keyboard (or screen reader) user back to the top. While
      // voting is closed the answers are disabled and cannot hold the focus: it comes back to
      // the same answer when they open again.
      const active = document.activeElement;
      wanted = main.contains(active) ? focusSelector(active) : !active || active === document.body ? lostFocus : null;
      main.replaceChildren(...view());
      for (const [id, value] of typed) {
        const field = document.getElementById(id);
        if (field && !field.value) {
          field.value = value;
          field.dispatchEvent(new Event('input', { bubbles: true })); // the character count
        }
      }
    }
    update();
    if (wanted) {
      const again = main.querySelector(wanted);
      const usable = again && !again.matches(':disabled');
      if (usable) again.focus();
      lostFocus = usable ? null : wanted;
    }
  }

  // What the participant has typed but not sent, to carry into a rebuilt view of the same question.
  function typedText() {
    return [...main.querySelectorAll('textarea[id], input[id]:not([type=radio]):not([type=checkbox]):not([type=hidden])')]
      .filter((field) => field.value)
      .map((field) => [field.id, field.value]);
  }

  function stableJson(value) {
    return JSON.stringify(value, (_key, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
  }

  // How to find the same control in a freshly built view: its id, an answer's name and value,
  // or the send button.
  function focusSelector(node) {
    if (node.id) return `#${CSS.escape(node.id)}`;
    if (node.name && (node.type === 'radio' || node.type === 'checkbox')) {
      return `input[name="${CSS.escape(node.name)}"][value="${CSS.escape(node.value)}"]`;
    }
    return node.matches('button.send') ? 'button.send' : null;
  }

  function view() {
    if (state.status !== 'live') {
      return [el('section', { class: 'card center' }, el('h1', {}, tr('phone.ended_title')), el('p', {}, tr('phone.ended')))];
    }
    const q = question();
    if (!q) {
      const wait = state.lobby ? 'phone.lobby' : 'phone.waiting';
      return [el('section', { class: `card center${state.lobby ? ' lobby' : ''}` }, el('h1', {}, tr('phone.waiting_title')), el('p', {}, tr(wait)))];
    }
    if (!kind()) {
      return [el('section', { class: 'card' }, el('h1', { class: 'prompt' }, q.prompt), el('p', { class: 'note' }, tr('phone.unsupported')))];
    }
    if (kind().answered === false) {
      // A content slide or the Q&A item: nothing to answer, its own words instead of a form.
      return [el('section', { class: `card shown-only ${q.type}`, dataset: { type: q.type } }, el('h1', { class: 'prompt' }, q.prompt), kind().screen(q))];
    }
    // A question that takes several answers starts each one from an empty form.
    const fill = most(q) > 1 ? null : mine();
    const form = el(
      'form',
      { id: 'vote-form', class: `card vote${instant() ? ' instant' : ''}`, method: 'post', action: `/${code}/vote`, dataset: { type: q.type } },
      el('input', { type: 'hidden', name: 'question_id', value: q.id }),
      !kind().ownsImage && questionFigure(q, true),
      el('fieldset', {}, el('legend', { class: 'prompt' }, el('h1', {}, q.prompt)), kind().form.build(q, fill, ctx)),
      el('button', { type: 'submit', class: 'btn primary big send' }, tr('phone.send')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    form.addEventListener('change', changed);
    form.addEventListener('input', () => kind().form.update?.(form, q, ctx));
    return [
      form,
      el('p', { id: 'status', class: 'msg', role: 'status', hidden: true }),
      el('section', { id: 'mine', class: 'card mine', hidden: true }),
      el('section', { id: 'results', class: 'card results', hidden: true }),
    ];
  }

  function buttonText() {
    const q = question();
    if (sending) return tr('phone.sending');
    if (choice()) return tr(answered() ? 'phone.change' : 'phone.send');
    if (most(q) > 1) return tr(sent > 0 ? 'phone.send_another' : 'phone.send_answer');
    return tr(answered() ? 'phone.change_answer' : 'phone.send_answer');
  }

  function update() {
    const form = document.getElementById('vote-form');
    const q = question();
    if (form && kind()) {
      const isLocked = locked();
      form.querySelector('fieldset').disabled = isLocked;
      const button = form.querySelector('.send');
      button.hidden = isLocked;
      button.disabled = sending || offline;
      button.textContent = buttonText();
      kind().form.update?.(form, q, ctx);
    }
    const status = document.getElementById('status');
    if (status) {
      const [kindOf, text] = statusLine();
      status.className = `msg ${kindOf}`;
      status.textContent = text;
      status.hidden = !text;
    }
    const own = document.getElementById('mine');
    if (own) {
      const last = most(q) > 1 && mine();
      own.hidden = !last;
      if (last) own.replaceChildren(el('h2', {}, tr('phone.your_last_answer')), el('p', { class: 'mine-text' }, last.entries ? last.entries.join(', ') : last.text || ''));
    }
    drawResults();
    drawReactions();
  }

  function statusLine() {
    const q = question();
    if (message) return ['error', tr(message.key, message.values)];
    if (!q) return ['', ''];
    if (offline && !locked()) return ['info offline', tr(queued ? 'phone.offline_queued' : 'phone.offline')];
    const mc = choice();
    let more = '';
    if (most(q) > 1) more = ` ${left() > 0 ? tr('phone.can_send_more', { n: left() }) : tr('phone.no_more')}`;
    else if (q.settings.allow_change) more = ` ${tr('phone.can_change')}`;
    const before = tr(mc ? 'phone.in_final' : 'phone.answer_in_short');
    if (!state.voting_open) return ['info', tr('phone.closed') + (answered() ? ` ${before}` : '')];
    if (sending) return ['', tr('phone.sending')];
    // Moderation held the answer back: waiting for approval, or hidden by the filter.
    const held = mine()?.status;
    if (held === 'pending' || held === 'hidden') return [held === 'pending' ? 'info' : 'error', tr(`phone.answer_${held}`)];
    if (justVoted === q.id) return ['ok pop', tr(mc ? 'phone.received' : 'phone.answer_in') + more];
    if (answered()) return ['ok', before + more];
    return ['', ''];
  }

  function changed() {
    message = null;
    update();
    if (instant()) {
      // A burst of changes (arrow keys through the options) sends one vote.
      clearTimeout(instantTimer);
      instantTimer = setTimeout(send, 250);
    }
  }

  async function send() {
    const q = question();
    const form = document.getElementById('vote-form');
    if (!q || !form || !kind() || locked()) return;
    if (offline) {
      queued = true;
      update();
      return;
    }
    if (sending) {
      sendAgain = true;
      return;
    }
    let answer;
    try {
      answer = kind().form.collect(form, q, ctx);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      message = problem;
      update();
      return;
    }
    sending = true;
    message = null;
    update();
    const r = await sendAnswer(code, q.id, answer);
    sending = false;
    if (r.ok) {
      justVoted = q.id;
      if (question()?.id === q.id) {
        state = { ...state, my_response: { question_id: q.id, ...answer, ...(r.data?.status ? { status: r.data.status } : {}) } };
        if (most(q) > 1) {
          sent += 1;
          form.reset(); // ready for the next answer
        }
      }
    } else if (r.status === 401 || r.status === 404) {
      location.replace(`/${code}`);
      return;
    } else {
      message = new Problem(errorKey(q, r));
      if (r.status === 409 && most(q) > 1) sent = most(q);
    }
    update();
    if (sendAgain) {
      sendAgain = false;
      if (!message) send();
    }
  }

  function errorKey(q, r) {
    if (r.status === 409) return most(q) > 1 ? 'phone.error_no_more' : 'phone.error_no_change';
    if (r.status === 422) {
      if (TYPES[q.type]?.choice) return 'phone.error_pick';
      return /longer than/.test(r.data?.detail || '') ? 'phone.error_too_long' : 'phone.error_invalid';
    }
    return { 423: 'phone.error_closed', 429: 'phone.error_slow_down' }[r.status] || 'phone.error_network';
  }

  function drawResults() {
    const box = document.getElementById('results');
    const q = question();
    if (!box) return;
    const show = !!q && !!kind() && state.results_visible && results?.question_id === q.id && (answered() || !state.voting_open);
    box.hidden = !show;
    if (!show) return;
    box.replaceChildren(
      el('h2', {}, tr(choice() ? 'phone.results_title' : 'phone.results_title_answers')),
      ...kind().rows(q, results).map(([label, value, percent]) =>
        el(
          'div',
          { class: 'result' },
          el('span', { class: 'result-label' }, label),
          el('span', { class: 'result-num' }, value),
          percent !== null &&
            el('svg', { class: 'meter', viewBox: '0 0 100 4', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, el('rect', { width: Math.max(0, percent), height: 4 })),
        ),
      ),
    );
  }

  const drawReactions = reactionRow(document.getElementById('reactions'), code, () => state.status === 'live');

  const socket = new LiveSocket(`/ws/join/${code}`, {
    onMessage(msg) {
      // Panels beside the question (the Q&A: qna-phone.js) follow the same socket.
      document.dispatchEvent(new CustomEvent('poll:message', { detail: msg }));
      if (msg.type === 'state') {
        const next = msg.state;
        if (next.question?.id !== question()?.id) {
          results = null;
          message = null;
          sent = next.my_response ? 1 : 0; // a guess until the server says (my_submissions)
        } else if (state.my_response && !next.my_response) {
          // The presenter reset this question: answer it afresh.
          justVoted = null;
          shownKey = '';
          shownQuestionId = null; // nothing typed before the reset carries over
          sent = 0;
        } else if (!sending && next.question && most(next.question) === 1 && next.my_response && stableJson(next.my_response) !== stableJson(state.my_response ?? null)) {
          shownKey = ''; // answered in another tab (or on another device): show that answer here too
        }
        if (typeof next.my_submissions === 'number') sent = next.my_submissions;
        state = next;
        render();
        playWhenQuiz();
      } else if (msg.type === 'leaderboard' && !playing) {
        board = msg;
        playWhenQuiz();
      } else if (msg.type === 'results') {
        results = msg.result;
        drawResults();
      }
    },
    onStatus: connectionPill(document.getElementById('live')),
    async onRefused() {
      // The room no longer knows this phone (or the code is wrong): check, then join again.
      const r = await api('GET', `/api/join/${code}/state`);
      if (r.status === 401 || r.status === 404) {
        socket.stop();
        location.replace(`/${code}`);
      }
    },
  });
  render();
}

if (body.dataset.view === 'join') setUpJoin(body);
else setUpRoom(JSON.parse(body.dataset.state));
