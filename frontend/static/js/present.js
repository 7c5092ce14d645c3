// The presenter screen: the lobby (join details, who joined), the current question and its live
// results. Keys and the control bar: present-controls.js.
import { LiveSocket, api, connectionPill, el, tr } from './common.js';
import { createPlayScreen } from './play-present.js';
import { createControls } from './present-controls.js';
import { fitChart, fitPrompt, keepFitting } from './present-fit.js';
import { OWNS_IMAGE, TYPES, known, typeNow } from './types/index.js';
import { mediaUrl } from './types/kit.js';

const body = document.body;
const roomId = body.dataset.room;
const presentationId = body.dataset.presentation;
// The deck editor's preview (pages/preview.py): one slide, no room, no socket, no controls.
const previewId = body.dataset.preview || null;
const $ = (id) => document.getElementById(id);
// Quiz and self-paced tools (countdown, reveal, leaderboard, survey progress): play-present.js.
const play = createPlayScreen({ roomId, presentationId, onBoard: () => fitChart($('chart'), $('board')) });
document.addEventListener('poll:message', (event) => play.onMessage(event.detail));
keepFitting(document.querySelector('.stage'), $('chart'), $('board'), $('prompt'));

let room = null;
let title = ''; // the deck's title, shown in the lobby
let questions = [];
let result = null; // the newest QuestionResult of the current question
let participants = 0;
let socket = null;
let fetchedAt = 0;
let drawnChart = ''; // which question and chart type the chart DOM was built for

const current = () => questions.find((q) => q.id === room?.current_question_id) || null;

/** The preview: the slide as if it were on, voting open and nobody in yet. The dashboard posts
 *  the slide again after each save and when another one is chosen (no reload, no flicker). */
async function startPreview() {
  let posted = null; // a slide posted before the deck arrived: shown once it has
  const show = (shown) => {
    questions = questions.some((q) => q.id === shown.id) ? questions.map((q) => (q.id === shown.id ? shown : q)) : [...questions, shown];
    room = { ...room, current_question_id: shown.id };
    result = null;
    render();
    body.dataset.ready = shown.id;
  };
  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.data?.type !== 'poll:preview') return;
    if (room) show(event.data.question);
    else posted = event.data.question;
  });
  const p = await api('GET', `/api/presentations/${presentationId}`);
  if (!p.ok) {
    $('prompt').textContent = tr('present.load_failed');
    return;
  }
  questions = p.data.questions;
  title = p.data.title;
  room = { id: '', status: 'live', locked: false, voting_open: true, results_visible: true, participant_count: 0, current_question_id: previewId };
  render();
  body.dataset.ready = previewId;
  if (posted) show(posted);
}

async function start() {
  if (previewId) return startPreview();
  const [r, p] = await Promise.all([api('GET', `/api/rooms/${roomId}`), api('GET', `/api/presentations/${presentationId}`)]);
  if (r.status === 401 || p.status === 401) return loggedOut();
  if (!r.ok || !p.ok) {
    $('prompt').textContent = tr('present.load_failed');
    setTimeout(start, 3000);
    return;
  }
  questions = p.data.questions;
  title = p.data.title;
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
  // Panels beside the question (the Q&A: qna-present.js) follow the same socket.
  document.dispatchEvent(new CustomEvent('poll:message', { detail: msg }));
  if (msg.type === 'state') {
    applyRoom(msg.room);
  } else if (msg.type === 'results' && msg.result.question_id === room?.current_question_id) {
    result = msg.result;
    participants = msg.participant_count;
    const q = current();
    const known = q && q.prompt === result.prompt && q.type === result.type && sameIds(q.options, TYPES[q.type]?.optionIds(result.tally) ?? null);
    if (!known) refreshQuestions();
    drawResults();
  } else if (msg.type === 'reactions') {
    floatReactions(msg.counts || {});
  }
}

function sameIds(options, ids) {
  if (ids === null) return true;
  return ids.length === options.length && options.every((o) => ids.includes(o.id));
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
    title = p.data.title;
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
  body.classList.toggle('in-lobby', !ended && !q);
  const index = q ? questions.indexOf(q) : -1;
  $('counter').textContent = q && !ended ? tr('present.counter', { n: index + 1, total: questions.length }) : '';
  if (ended) {
    $('prompt').textContent = tr('present.ended');
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(tr('present.ended_hint'), `/rooms/${roomId}/results`, tr('present.see_results'));
  } else if (!q) {
    // The lobby: the deck's title, the join details large, and who joined so far.
    $('prompt').textContent = title;
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(questions.length ? '' : tr('present.no_questions'));
  } else {
    $('prompt').textContent = q.prompt;
    showImage(OWNS_IMAGE.has(q.type) ? null : q.settings.image); // pin_image draws its own
    // Hidden results: the audience reads that they are hidden; the key is the presenter's (H).
    showNotice(room.results_visible ? '' : tr('present.hidden'));
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
  $('btn-lobby').disabled = ended || !q;
  if (ended || !q) showImage(null);
  // A PDF page (a slide whose image fills the screen): the page alone, its heading for screen readers.
  body.classList.toggle('page-slide', Boolean(!ended && q?.settings.image_fill && q.settings.image));
  play.render(room, q, questions);
  fitPrompt($('prompt'));
  drawResults();
}

/** The question's image above its prompt (the screen's large one), or none. */
function showImage(image) {
  $('q-image').hidden = !image;
  if (!image) return;
  const src = mediaUrl(image.media_id, false);
  if ($('q-img').getAttribute('src') !== src) $('q-img').src = src;
  $('q-img').alt = image.alt;
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
  $('lobby-count').textContent = participants ? `${participants} ${tr(participants === 1 ? 'present.joined_one' : 'present.joined')}` : tr('present.lobby_waiting');
  // Once people are in, the join banner shrinks to a strip in the corner.
  body.classList.toggle('strip', participants > 0);
  // Here, where the item's module has arrived: nothing to vote on (no voting badge, no answer
  // count, no voting button), and the deck's Q&A item holds the panel open (qna-present.js).
  const live = !!q && room?.status === 'live';
  body.classList.toggle('shown-only', live && !takesAnswers());
  $('btn-voting').disabled = room?.status !== 'live' || (live && !takesAnswers());
  body.classList.toggle('qna-item-on', live && !!TYPES[q.type]?.opensQna);
  if (!q || room.status !== 'live') return;
  const chart = $('chart');
  const tally = (result && result.question_id === q.id && result.tally) || {};
  if (known(q.type) && !typeNow(q.type, drawResults)) return; // its view is on its way
  const view = TYPES[q.type]?.view;
  if (!view) {
    if (drawnChart !== q.id) chart.replaceChildren(el('p', { class: 'notice-hint' }, tr('present.unsupported')));
    drawnChart = q.id;
    return;
  }
  const shape = `${q.type}:${q.id}:${JSON.stringify(q.settings)}:${q.options.map((o) => o.id + o.label).join('|')}`;
  if (shape !== drawnChart) {
    drawnChart = shape;
    chart.className = `chart ${view.className(q)}`;
    chart.replaceChildren(...view.build(q, chart, viewContext));
    view.update(q, tally, count, chart, viewContext);
    fitChart(chart, $('board'));
    return;
  }
  view.update(q, tally, count, chart, viewContext);
}

// What the types' presenter views (types/) may use besides the chart.
const viewContext = { roomId, play, votingOpen: () => !!room?.voting_open };

// ----- reactions: emoji that float up over the screen -----
const MAX_FLOATING = 60;

function floatReactions(counts) {
  const layer = $('floats');
  for (const [emoji, n] of Object.entries(counts)) {
    if (typeof emoji !== 'string' || emoji.length > 8) continue;
    for (let i = 0; i < Math.min(Number(n) || 0, 6); i += 1) {
      if (layer.childElementCount >= MAX_FLOATING) return;
      const float = el('span', { class: 'float' }, emoji);
      float.style.setProperty('--x', `${4 + Math.random() * 92}%`);
      float.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 12)}vw`);
      float.style.setProperty('--delay', `${Math.round(Math.random() * 700)}ms`);
      float.style.setProperty('--time', `${(2.8 + Math.random() * 1.4).toFixed(2)}s`);
      float.style.setProperty('--size', `${(0.85 + Math.random() * 0.5).toFixed(2)}`);
      float.addEventListener('animationend', () => float.remove());
      layer.append(float);
    }
  }
}

function loggedOut() {
  socket?.stop();
  $('prompt').textContent = tr('present.logged_out');
  $('chart').replaceChildren();
  showNotice(tr('present.log_in_hint'), `/login?next=${encodeURIComponent(location.pathname)}`, tr('present.log_in_again'));
}

// A content slide and the Q&A item take no answers (types/<type>.js `answered: false`).
const takesAnswers = () => TYPES[current()?.type]?.answered !== false;

if (!previewId) createControls({
  roomId,
  room: () => room,
  takesAnswers,
  toggled(field) {
    room = { ...room, [field]: !room[field] };
    render();
  },
  answered(r) {
    // The open socket brings the new state in order; a reply applied on top of it could be older
    // than a snapshot that already arrived (two quick presses, or a second organiser).
    if (r.ok && socket?.ws?.readyState !== WebSocket.OPEN) applyRoom(r.data);
    else if (r.status === 401) loggedOut();
  },
});

let resizing = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(drawResults, 150);
});

start();
