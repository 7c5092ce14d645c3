// Quiz play on the phone: the nickname, the countdown, the reveal (right or not, points earned)
// and the leaderboard with this phone's rank. Everything is drawn as text (textContent).
import { api, el, tr } from './common.js';
import { quizRoom as isQuizRoom } from './types/index.js';
import { rightAnswer } from './types/kit.js';

const ordinal = (n) => tr(n === 1 ? 'phone.quiz_rank_1' : n === 2 ? 'phone.quiz_rank_2' : n === 3 ? 'phone.quiz_rank_3' : 'phone.quiz_rank_n', { n });
const number = (n) => Number(n || 0).toLocaleString(document.documentElement.lang || 'en');

/** Starts with the room's newest state (and leaderboard, if one came before this module did),
 * then follows the room's socket (phone.js's poll:message). */
export function startPlay({ code, main, initial, board = null }) {
  const play = createPlay({ code, main });
  play.onState(initial);
  if (board) play.onLeaderboard(board);
  play.afterRender(); // phone.js has drawn its form already
  document.addEventListener('poll:message', (event) => {
    const msg = event.detail;
    if (msg.type === 'state') {
      play.onState(msg.state);
      // phone.js draws its form right after this event: mark it once that is done.
      queueMicrotask(() => play.afterRender());
    } else if (msg.type === 'leaderboard') {
      play.onLeaderboard(msg);
    }
  });
  return play;
}

function createPlay({ code, main }) {
  // A labelled region: it sits above <main>, and all content belongs in a landmark.
  const box = el('section', { id: 'play', class: 'wrap play', 'aria-label': tr('phone.quiz_region') });
  main.before(box);
  const nickCard = el('section', { class: 'card nick', hidden: true });
  const timer = el('p', { class: 'countdown', role: 'timer', 'aria-live': 'off', hidden: true });
  const reveal = el('section', { class: 'card reveal', hidden: true, 'aria-live': 'polite' });
  const board = el('section', { class: 'card board', hidden: true, 'aria-live': 'polite' });
  box.append(timer, reveal, board, nickCard);

  let state = null;
  let nickname = null; // null: not asked yet
  let asking = false;
  let editing = false;
  let canChange = true; // the organiser's settings.player_names (GET /me's can_change_name)
  let clockOffset = 0; // server time minus this phone's time
  let deadline = 0;
  let ticking = 0;
  let lastBoard = null;

  const quizRoom = () => isQuizRoom(state);

  async function loadNickname() {
    if (asking || nickname !== null) return;
    asking = true;
    const r = await api('GET', `/api/join/${code}/me`);
    asking = false;
    if (r.ok) {
      nickname = r.data.nickname || '';
      canChange = r.data.can_change_name !== false;
      drawNick();
    }
  }

  // The name line; its form (name-phone.js) loads on the first "Change name", not with the page.
  function drawNick() {
    nickCard.hidden = !quizRoom() || nickname === null;
    if (nickCard.hidden || editing) return;
    const change = canChange ? el('button', { type: 'button', class: 'btn quiet small', id: 'nick-change' }, tr('phone.quiz_change_name')) : '';
    if (change) change.addEventListener('click', async () => {
      editing = true;
      (await import('./name-phone.js')).editName(nickCard, code, nickname, (saved) => {
        editing = false;
        if (saved.refused) canChange = false;
        else nickname = saved.nickname;
        drawNick();
        document.getElementById('nick-change')?.focus();
      });
    });
    nickCard.replaceChildren(el('p', { class: 'nick-line' }, tr('phone.quiz_playing_as'), ' ', el('strong', { id: 'nick-name' }, nickname || '–'), ' ', change));
  }

  // ----- countdown -----
  function drawTimer() {
    const left = deadline ? Math.ceil((deadline - (Date.now() + clockOffset)) / 1000) : null;
    timer.hidden = left === null;
    if (left === null) return;
    if (left <= 0) {
      timer.textContent = tr('phone.quiz_time_up');
      timer.classList.add('up');
      // The server refuses late answers anyway; the form says so at once.
      const fieldset = document.querySelector('#vote-form fieldset');
      if (fieldset) fieldset.disabled = true;
      document.querySelector('#vote-form .send')?.setAttribute('hidden', '');
      clearInterval(ticking);
      ticking = 0;
      return;
    }
    timer.classList.toggle('soon', left <= 5);
    timer.classList.remove('up');
    timer.textContent = tr(left === 1 ? 'phone.quiz_seconds_left_one' : 'phone.quiz_seconds_left', { n: left });
  }

  function setDeadline() {
    const ends = state.countdown_ends_at ? Date.parse(state.countdown_ends_at) : 0;
    if (state.server_now) clockOffset = Date.parse(state.server_now) - Date.now();
    deadline = ends;
    clearInterval(ticking);
    ticking = deadline ? setInterval(drawTimer, 250) : 0;
    drawTimer();
  }

  // ----- reveal -----
  function drawReveal() {
    const q = state.question;
    const r = state.reveal;
    reveal.hidden = !r || !q;
    if (reveal.hidden) return;
    const right = rightAnswer(q, r);
    let headline;
    let kind;
    if (r.my_correct === true) {
      headline = tr('phone.quiz_right', { n: number(r.my_score) });
      kind = 'right';
    } else if (r.my_correct === false) {
      headline = tr('phone.quiz_wrong');
      kind = 'wrong';
    } else {
      headline = tr('phone.quiz_no_answer');
      kind = 'none';
    }
    reveal.className = `card reveal ${kind}`;
    reveal.replaceChildren(el('h2', {}, headline), el('p', {}, tr('phone.quiz_right_answer', { answer: right })));
    // Mark the options in the form too: words, not colour alone.
    for (const label of document.querySelectorAll('#vote-form label.option')) {
      const id = label.querySelector('input')?.value;
      const isRight = (r.correct_option_ids || []).includes(id);
      label.classList.toggle('is-right', isRight);
      if (isRight && !label.querySelector('.mark')) label.append(el('span', { class: 'mark' }, ` ✓ ${tr('phone.quiz_right_mark')}`));
    }
  }

  // ----- leaderboard -----
  function drawBoard(view) {
    board.hidden = !view;
    if (!view) return;
    const me = view.me;
    const rows = view.top.map((e) =>
      el('li', { class: `board-row${me && e.rank === me.rank && e.nickname === me.nickname ? ' me' : ''}` }, el('span', { class: 'board-rank' }, String(e.rank)), el('span', { class: 'board-name' }, e.nickname), el('span', { class: 'board-score' }, number(e.score))),
    );
    board.replaceChildren(
      el('h2', {}, tr(view.mode === 'podium' ? 'phone.quiz_podium' : 'phone.quiz_leaderboard')),
      me
        ? el('p', { class: 'board-me', id: 'my-rank' }, tr('phone.quiz_your_rank', { rank: ordinal(me.rank), players: view.players, score: number(me.score) }))
        : el('p', { class: 'board-me', id: 'my-rank' }, tr('phone.quiz_not_ranked')),
      el('ol', { class: 'board-list' }, rows),
    );
  }

  return {
    onState(next) {
      state = next;
      if (quizRoom()) loadNickname();
      drawNick();
      setDeadline();
      drawReveal();
      lastBoard = state.leaderboard || null;
      drawBoard(lastBoard);
    },
    onLeaderboard(message) {
      lastBoard = message;
      drawBoard(message);
    },
    /** phone.js redraws its form after a state: marks and the time-up lock go on again. */
    afterRender() {
      if (state) {
        drawReveal();
        if (deadline) drawTimer();
      }
    },
  };
}
