// The presenter screen: join details, the current question and its live results, keyboard control.
import { LiveSocket, api, connectionPill, el, tr } from './common.js';

const body = document.body;
const roomId = body.dataset.room;
const presentationId = body.dataset.presentation;
const $ = (id) => document.getElementById(id);
const COLOURS = 8;

let room = null;
let questions = [];
let result = null; // the newest QuestionResult of the current question
let participants = 0;
let socket = null;
let fetchedAt = 0;
let drawnChart = ''; // which question and chart type the chart DOM was built for

const current = () => questions.find((q) => q.id === room?.current_question_id) || null;

async function start() {
  const [r, p] = await Promise.all([api('GET', `/api/rooms/${roomId}`), api('GET', `/api/presentations/${presentationId}`)]);
  if (r.status === 401 || p.status === 401) return loggedOut();
  if (!r.ok || !p.ok) {
    $('prompt').textContent = tr('present.load_failed');
    setTimeout(start, 3000);
    return;
  }
  questions = p.data.questions;
  fetchedAt = Date.now();
  applyRoom(r.data);
  socket = new LiveSocket(`/ws/rooms/${roomId}/presenter`, {
    onMessage,
    onStatus: connectionPill($('conn')),
    async onRefused() {
      const check = await api('GET', `/api/rooms/${roomId}`);
      if (check.status === 401) loggedOut();
    },
  });
}

function onMessage(msg) {
  if (msg.type === 'state') {
    applyRoom(msg.room);
  } else if (msg.type === 'results' && msg.result.question_id === room?.current_question_id) {
    result = msg.result;
    participants = msg.participant_count;
    const q = current();
    const known = q && q.prompt === result.prompt && sameIds(q.options, result.tally.counts || {});
    if (!known) refreshQuestions();
    drawResults();
  }
}

function sameIds(options, counts) {
  const ids = Object.keys(counts);
  return ids.length === options.length && options.every((o) => o.id in counts);
}

function applyRoom(next) {
  const moved = next.current_question_id !== room?.current_question_id;
  if (moved) result = null;
  room = next;
  participants = Math.max(participants, next.participant_count);
  if (moved && room.current_question_id && !current()) refreshQuestions();
  else if (moved) refreshQuestions(1000); // edits made meanwhile show up when moving on
  render();
}

/** Fetch the questions again (edited during the session), at most once per `minGapMs`. */
async function refreshQuestions(minGapMs = 0) {
  const now = Date.now();
  if (now - fetchedAt < Math.max(minGapMs, 250)) return;
  fetchedAt = now;
  const p = await api('GET', `/api/presentations/${presentationId}`);
  if (p.status === 401) return loggedOut();
  if (p.ok) {
    questions = p.data.questions;
    drawnChart = '';
    render();
  }
}

function render() {
  if (!room) return;
  const ended = room.status !== 'live';
  body.classList.toggle('ended', ended);
  body.classList.toggle('locked', room.locked);
  const q = current();
  const index = q ? questions.indexOf(q) : -1;
  $('counter').textContent = q && !ended ? tr('present.counter', { n: index + 1, total: questions.length }) : '';
  if (ended) {
    $('prompt').textContent = tr('present.ended');
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(tr('present.ended_hint'), `/rooms/${roomId}/results`, tr('present.see_results'));
  } else if (!q) {
    $('prompt').textContent = questions.length ? tr('present.no_current') : tr('present.no_questions');
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(questions.length ? tr('present.press_next') : '');
  } else {
    $('prompt').textContent = q.prompt;
    if (room.results_visible) showNotice('');
    else showNotice(tr('present.hidden'), null, null, tr('present.hidden_hint'));
    $('chart').hidden = !room.results_visible;
  }
  $('voting').textContent = ended ? tr('present.session_ended') : tr(room.voting_open ? 'present.voting_open' : 'present.voting_closed');
  $('voting').className = `badge ${room.voting_open ? 'open' : 'closed'}`;
  $('btn-voting').textContent = tr(room.voting_open ? 'present.close_voting' : 'present.open_voting');
  $('btn-results').textContent = tr(room.results_visible ? 'present.hide_results' : 'present.show_results');
  $('btn-lock').textContent = tr(room.locked ? 'present.unlock' : 'present.lock');
  for (const button of document.querySelectorAll('.controls button')) {
    button.disabled = ended && button.dataset.action !== 'fullscreen';
  }
  drawResults();
}

function showNotice(text, href = null, linkText = null, hint = '') {
  const notice = $('notice');
  notice.hidden = !text;
  notice.replaceChildren(
    ...[
      el('p', { class: 'notice-main' }, text),
      hint && el('p', { class: 'notice-hint' }, hint),
      href && el('a', { class: 'btn', href }, linkText),
    ].filter(Boolean),
  );
}

function drawResults() {
  const q = current();
  const count = result && q && result.question_id === q.id ? result.response_count : 0;
  $('joined').textContent = String(participants);
  $('answered').textContent = String(count);
  $('joined-label').textContent = tr(participants === 1 ? 'present.joined_one' : 'present.joined');
  $('answered-label').textContent = tr(count === 1 ? 'present.answered_one' : 'present.answered');
  if (!q || room.status !== 'live') return;
  const chart = $('chart');
  if (q.type !== 'multiple_choice') {
    // Other question types get their own views later; the counts above still work.
    if (drawnChart !== q.id) chart.replaceChildren(el('p', { class: 'notice-hint' }, tr('present.unsupported')));
    drawnChart = q.id;
    return;
  }
  const counts = (result && result.question_id === q.id && result.tally.counts) || {};
  const donut = q.settings.chart === 'donut';
  const shape = `${q.id}:${donut}:${q.options.map((o) => o.id + o.label).join('|')}`;
  if (shape !== drawnChart) {
    drawnChart = shape;
    chart.className = `chart ${donut ? 'donut' : 'bars'}${q.options.length > 8 ? ' many' : ''}`;
    chart.replaceChildren(...(donut ? buildDonut(q) : buildBars(q)));
  }
  if (donut) updateDonut(q, counts);
  else updateBars(q, counts, count);
}

function buildBars(q) {
  return q.options.map((o, i) =>
    el(
      'div',
      { class: 'bar-row', dataset: { id: o.id } },
      el('div', { class: 'bar-label' }, o.label),
      el('div', { class: 'bar-track' }, el('div', { class: `bar-fill c${i % COLOURS}` })),
      el('div', { class: 'bar-value' }, el('strong', { class: 'bar-count' }, '0'), el('span', { class: 'bar-pct' }, '0%')),
    ),
  );
}

function updateBars(q, counts, total) {
  for (const row of $('chart').querySelectorAll('.bar-row')) {
    const n = counts[row.dataset.id] || 0;
    const percent = total ? Math.round((100 * n) / total) : 0;
    row.querySelector('.bar-fill').style.width = `${total ? (100 * n) / total : 0}%`;
    row.querySelector('.bar-count').textContent = String(n);
    row.querySelector('.bar-pct').textContent = `${percent}%`;
  }
}

// A donut: one circle per option whose dash is its share of all choices (circumference 100).
function buildDonut(q) {
  const ring = el(
    'svg',
    { class: 'donut-svg', viewBox: '0 0 42 42', role: 'img', 'aria-label': q.prompt },
    el('circle', { class: 'donut-hole', cx: 21, cy: 21, r: 15.915 }),
    ...q.options.map((o, i) => el('circle', { class: `donut-part c${i % COLOURS}`, cx: 21, cy: 21, r: 15.915, dataset: { id: o.id } })),
  );
  const legend = el(
    'ul',
    { class: 'legend' },
    q.options.map((o, i) =>
      el(
        'li',
        { class: 'legend-row', dataset: { id: o.id } },
        el('span', { class: `swatch c${i % COLOURS}` }),
        el('span', { class: 'bar-label' }, o.label),
        el('strong', { class: 'bar-count' }, '0'),
        el('span', { class: 'bar-pct' }, '0%'),
      ),
    ),
  );
  return [el('div', { class: 'donut-box' }, ring), legend];
}

function updateDonut(q, counts) {
  const sum = q.options.reduce((s, o) => s + (counts[o.id] || 0), 0);
  let offset = 0;
  for (const part of $('chart').querySelectorAll('.donut-part')) {
    const share = sum ? (100 * (counts[part.dataset.id] || 0)) / sum : 0;
    part.style.strokeDasharray = `${share} ${100 - share}`;
    part.style.strokeDashoffset = String(25 - offset);
    offset += share;
  }
  for (const row of $('chart').querySelectorAll('.legend-row')) {
    const n = counts[row.dataset.id] || 0;
    row.querySelector('.bar-count').textContent = String(n);
    row.querySelector('.bar-pct').textContent = `${sum ? Math.round((100 * n) / sum) : 0}%`;
  }
}

async function act(name) {
  if (!room || room.status !== 'live') return;
  const toggles = {
    voting: room.voting_open ? 'close_voting' : 'open_voting',
    results: room.results_visible ? 'hide_results' : 'show_results',
    lock: room.locked ? 'unlock' : 'lock',
  };
  const action = toggles[name] || name;
  if (name === 'voting' && !room.current_question_id) return;
  const field = { voting: 'voting_open', results: 'results_visible', lock: 'locked' }[name];
  if (field) {
    // Show the toggle at once, so a quick second press toggles back; the socket confirms it.
    room = { ...room, [field]: !room[field] };
    render();
  }
  const r = await api('POST', `/api/rooms/${roomId}/control`, { action });
  // The open socket brings the new state in order; a reply applied on top of it could be older
  // than a snapshot that already arrived (two quick presses, or a second organiser).
  if (r.ok && socket?.ws?.readyState !== WebSocket.OPEN) applyRoom(r.data);
  else if (r.status === 401) loggedOut();
}

function fullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.().catch(() => {});
}

function loggedOut() {
  socket?.stop();
  $('prompt').textContent = tr('present.logged_out');
  $('chart').replaceChildren();
  showNotice(tr('present.log_in_hint'), `/login?next=${encodeURIComponent(location.pathname)}`, tr('present.log_in_again'));
}

const KEYS = {
  ArrowRight: 'next',
  ' ': 'next',
  PageDown: 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  c: 'voting',
  h: 'results',
  f: 'fullscreen',
};

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select')) return;
  const name = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!name) return;
  event.preventDefault();
  if (event.repeat && name !== 'next' && name !== 'previous') return;
  if (name === 'fullscreen') fullscreen();
  else act(name);
});

document.querySelector('.controls').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  button.blur(); // keys go to the page again, and Space does not press this button twice
  if (button.dataset.action === 'fullscreen') fullscreen();
  else act(button.dataset.action);
});

start();
