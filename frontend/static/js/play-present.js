// The presenter's quiz and self-paced tools: the countdown, whether the quiz chart is sealed or
// revealed (types/quiz.js draws it), the leaderboard and podium, and the audience's progress
// through a self-paced survey. present.js calls in; this draws its own parts. In a presentation run
// in several rooms, "All rooms" (O) shows the combined board on this screen only (each room's row
// names its room); it steps aside on a move, like the room's own board.
import { api, el, tr } from './common.js';
import { SCORED } from './types/index.js';

const number = (n) => Number(n || 0).toLocaleString(document.documentElement.lang || 'en');

export function createPlayScreen({ roomId, presentationId, onBoard = () => {} }) {
  const $ = (id) => document.getElementById(id);
  let room = null;
  let question = null;
  let questions = [];
  let clockOffset = 0;
  let ticking = 0;
  let board = null; // the newest leaderboard {mode, players, top}
  let boardAsked = '';
  let progress = null;
  let rooms = 0; // the presentation's rooms (the combined board's button shows from two)
  let roomsAsked = false;
  let combined = null; // the combined board while shown: {at: the question it was asked on, data}
  let combinedTimer = 0;

  // ----- the parts this module adds to the page -----
  const timer = el('p', { class: 'countdown', id: 'countdown', role: 'timer', hidden: true });
  $('prompt').after(timer);
  const boardBox = el('section', { class: 'board', id: 'board', hidden: true, 'aria-live': 'polite' });
  $('chart').after(boardBox);
  const progressStat = el('span', { class: 'stat', id: 'survey-progress', hidden: true });
  document.querySelector('.stats')?.append(progressStat);
  const buttons = {
    countdown: el('button', { type: 'button', id: 'btn-countdown', title: 'T', dataset: { play: 'countdown' } }),
    reveal: el('button', { type: 'button', id: 'btn-reveal', title: 'A', dataset: { play: 'reveal' } }, tr('present.quiz_reveal')),
    leaderboard: el('button', { type: 'button', id: 'btn-leaderboard', title: 'L', dataset: { play: 'leaderboard' } }),
    podium: el('button', { type: 'button', id: 'btn-podium', title: 'P', dataset: { play: 'podium' } }),
    combined: el('button', { type: 'button', id: 'btn-all-rooms', title: 'O', dataset: { play: 'combined' }, hidden: true }),
  };
  const controls = document.querySelector('.controls');
  controls?.querySelector('[data-action="fullscreen"]')?.before(...Object.values(buttons));

  const now = () => Date.now() + clockOffset;
  const settings = () => room?.settings || {};
  const audience = () => settings().pacing === 'audience';
  const mode = () => (['ranking', 'podium'].includes(settings().leaderboard) ? settings().leaderboard : null);
  const deadline = () => (room?.countdown_ends_at ? Date.parse(room.countdown_ends_at) : 0);
  const running = () => !!room?.voting_open && deadline() > now();
  const hasQuiz = () => questions.some((q) => SCORED.has(q.type));

  /** The same rule as the server's (quiz/rules.py): is voting on this question open now? */
  function openFor(q) {
    if (!room || room.status !== 'live' || !room.voting_open) return false;
    if (deadline() && now() >= deadline()) return false;
    return audience() || room.current_question_id === q.id;
  }
  const revealed = (q) => SCORED.has(q.type) && !openFor(q) && (q.settings.reveal_on_close !== false || (settings().revealed || []).includes(q.id));
  const sealed = (q) => !!(q.settings.hide_results_until_closed || settings().hide_results_until_closed) && openFor(q);

  async function control(action) {
    if (!room || room.status !== 'live') return;
    const r = await api('POST', `/api/rooms/${roomId}/control`, { action });
    if (r.status === 409) flash(r.data?.detail || '');
  }

  function flash(text) {
    const notice = $('notice');
    if (!notice || !text) return;
    notice.hidden = false;
    notice.replaceChildren(el('p', { class: 'notice-hint' }, text));
    setTimeout(() => {
      notice.hidden = true;
    }, 3000);
  }

  function press(name) {
    if (name === 'combined') return toggleCombined();
    if (name === 'leaderboard' || name === 'podium') showCombined(false);
    if (name === 'countdown') control(running() ? 'stop_countdown' : 'start_countdown');
    else if (name === 'reveal') control('reveal');
    else if (name === 'leaderboard') control(mode() === 'ranking' ? 'hide_leaderboard' : 'show_leaderboard');
    else if (name === 'podium') control(mode() === 'podium' ? 'hide_leaderboard' : 'show_podium');
  }

  controls?.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-play]');
    if (!button) return;
    if (event.detail > 0) button.blur();
    press(button.dataset.play);
  });
  const KEYS = { t: 'countdown', a: 'reveal', l: 'leaderboard', p: 'podium', o: 'combined' };
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || event.target.closest('input, textarea, select')) return;
    const name = KEYS[event.key.toLowerCase()];
    if (!name || (name !== 'countdown' && !hasQuiz()) || (name === 'combined' && rooms < 2)) return;
    event.preventDefault();
    press(name);
  });

  // ----- countdown -----
  function drawTimer() {
    const ends = deadline();
    const shown = !!room && room.status === 'live' && !!ends && !mode() && (room.voting_open || now() - ends < 4000);
    timer.hidden = !shown;
    if (!shown) {
      clearInterval(ticking);
      ticking = 0;
      return;
    }
    const left = Math.ceil((ends - now()) / 1000);
    if (left <= 0) {
      timer.textContent = tr('present.quiz_time_up');
      timer.className = 'countdown up';
      window.dispatchEvent(new Event('resize')); // present.js redraws: the answers may be revealed now
      clearInterval(ticking);
      ticking = 0;
      return;
    }
    timer.className = `countdown${left <= 5 ? ' soon' : ''}`;
    timer.textContent = String(left);
    timer.setAttribute('aria-label', tr(left === 1 ? 'present.quiz_seconds_left_one' : 'present.quiz_seconds_left', { n: left }));
  }

  // ----- leaderboard and podium -----
  async function askBoard() {
    const key = `${mode()}:${room.settings?.revealed?.length || 0}:${room.current_question_id}`;
    if (boardAsked === key) return;
    boardAsked = key;
    const r = await api('GET', `/api/rooms/${roomId}/leaderboard?limit=10`);
    // Players with points, as the socket's leaderboard message has them (quiz/rules.py): no padding.
    const top = r.ok ? r.data.entries.filter((e) => e.score > 0) : [];
    if (r.ok && !board) board = { mode: r.data.mode, players: r.data.players, top };
    drawBoard();
  }

  function drawBoard() {
    drawBoardRows();
    onBoard();
  }

  function drawBoardRows() {
    const shownMode = mode() || (combined && 'combined');
    boardBox.hidden = !shownMode;
    $('chart').classList.toggle('under-board', !!shownMode);
    document.body.classList.toggle('showing-board', !!shownMode);
    if (!mode()) {
      board = null;
      boardAsked = '';
    }
    if (shownMode === 'combined') return drawCombined();
    if (!shownMode) return;
    if (!board) {
      askBoard();
      return;
    }
    const top = board.top || [];
    if (shownMode === 'podium') {
      // 2nd, 1st, 3rd side by side; the place is written, not only shown by height.
      const places = [top[1], top[0], top[2]].map((e, i) =>
        e
          ? el('li', { class: `step place-${e.rank}`, dataset: { rank: e.rank } }, el('span', { class: 'step-name' }, e.nickname), el('span', { class: 'step-score' }, tr('present.quiz_points', { n: number(e.score) })), el('span', { class: 'step-block' }, tr('present.quiz_place', { n: e.rank })))
          : el('li', { class: `step empty place-${[2, 1, 3][i]}` }),
      );
      // The board's heading is the page's h1 while it is up: the prompt's h1 steps aside.
      boardBox.replaceChildren(el('h1', {}, tr('present.quiz_podium')), el('ol', { class: 'podium' }, places));
      return;
    }
    boardBox.replaceChildren(
      el('h1', {}, tr('present.quiz_leaderboard')),
      top.length
        ? el('ol', { class: 'board-list' }, top.map((e) => el('li', { class: 'board-row' }, el('span', { class: 'board-rank' }, String(e.rank)), el('span', { class: 'board-name' }, e.nickname), el('span', { class: 'board-score' }, number(e.score)))))
        : el('p', { class: 'notice-hint' }, tr('present.quiz_no_scores')),
      el('p', { class: 'notice-hint' }, tr('present.quiz_players', { n: board.players || 0 })),
    );
  }

  // ----- the combined board: every room of the presentation -----
  async function learnRooms() {
    roomsAsked = true;
    const r = await api('GET', `/api/presentations/${presentationId}/leaderboard?limit=1`);
    rooms = r.ok ? r.data.rooms : 0;
    drawButtons();
  }

  async function askCombined() {
    const r = await api('GET', `/api/presentations/${presentationId}/leaderboard?limit=20`);
    if (!r.ok || !combined) return;
    combined.data = r.data;
    drawBoard();
  }

  function showCombined(on) {
    clearInterval(combinedTimer);
    combinedTimer = 0;
    combined = on ? { at: room?.current_question_id, data: null } : null;
    if (on) {
      askCombined();
      // The other rooms reveal questions of their own: the board follows them.
      combinedTimer = setInterval(askCombined, 5000);
    }
  }

  function toggleCombined() {
    if (!room || room.status !== 'live' || rooms < 2) return;
    showCombined(!combined);
    if (combined && mode()) control('hide_leaderboard');
    drawButtons();
    drawBoard();
  }

  function drawCombined() {
    const data = combined.data;
    if (!data) return;
    const top = data.entries.filter((e) => e.score > 0).slice(0, 10); // players with points, as above
    boardBox.replaceChildren(
      el('h1', {}, tr('present.quiz_all_rooms_title')),
      top.length
        ? el('ol', { class: 'board-list all-rooms' }, top.map((e) => el('li', { class: 'board-row' }, el('span', { class: 'board-rank' }, String(e.rank)), el('span', { class: 'board-name' }, e.nickname), el('span', { class: 'board-room' }, el('span', { class: 'sr-only' }, `${tr('present.quiz_room')}: `), e.room), el('span', { class: 'board-score' }, number(e.score)))))
        : el('p', { class: 'notice-hint' }, tr('present.quiz_no_scores')),
      el('p', { class: 'notice-hint' }, tr('present.quiz_players', { n: data.players || 0 })),
    );
  }

  // ----- buttons -----
  function drawButtons() {
    const live = room?.status === 'live';
    const quiz = hasQuiz();
    buttons.countdown.textContent = tr(running() ? 'present.quiz_stop_countdown' : 'present.quiz_start_countdown');
    buttons.reveal.hidden = !SCORED.has(question?.type);
    buttons.reveal.disabled = !live || (question && revealed(question));
    buttons.leaderboard.hidden = !quiz;
    buttons.podium.hidden = !quiz;
    buttons.leaderboard.textContent = tr(mode() === 'ranking' ? 'present.quiz_hide_leaderboard' : 'present.quiz_show_leaderboard');
    buttons.podium.textContent = tr(mode() === 'podium' ? 'present.quiz_hide_leaderboard' : 'present.quiz_show_podium');
    buttons.leaderboard.setAttribute('aria-pressed', String(mode() === 'ranking'));
    buttons.podium.setAttribute('aria-pressed', String(mode() === 'podium'));
    buttons.combined.hidden = !quiz || rooms < 2;
    buttons.combined.textContent = tr(combined ? 'present.quiz_hide_leaderboard' : 'present.quiz_all_rooms');
    buttons.combined.setAttribute('aria-pressed', String(!!combined));
    for (const button of Object.values(buttons)) if (!live) button.disabled = true;
  }

  function drawProgress() {
    progressStat.hidden = !audience() || !progress;
    if (progressStat.hidden) return;
    progressStat.replaceChildren(
      el('strong', { id: 'finished' }, String(progress.finished)),
      ' ',
      tr('present.quiz_finished_of', { started: progress.started, total: progress.questions }),
    );
  }

  return {
    /** present.js's state and results messages (and the leaderboard). */
    onMessage(msg) {
      if (msg.type === 'leaderboard') {
        board = msg;
        drawBoard();
      } else if (msg.type === 'results' && msg.progress) {
        progress = msg.progress;
        drawProgress();
      } else if (msg.type === 'state' && msg.room?.server_now) {
        clockOffset = Date.parse(msg.room.server_now) - Date.now();
      }
    },
    /** After present.js drew the room: the countdown, buttons, board and progress follow. */
    render(nextRoom, current, allQuestions) {
      room = nextRoom;
      question = current;
      questions = allQuestions;
      if (combined && (room.current_question_id !== combined.at || room.status !== 'live')) showCombined(false);
      if (hasQuiz() && !roomsAsked) learnRooms();
      clearInterval(ticking);
      ticking = deadline() ? setInterval(drawTimer, 250) : 0;
      drawTimer();
      drawButtons();
      drawBoard();
      drawProgress();
      document.body.classList.toggle('self-paced', audience());
    },
    /** For the quiz chart (types/quiz.js): answers sealed while voting, the right option shown. */
    sealed,
    revealed,
  };
}
