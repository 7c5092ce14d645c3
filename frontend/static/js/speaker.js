// The speaker view: the organiser's own screen, on a laptop or a phone held as a remote. It shows
// the current item's presenter notes, the next item, how long this item and the session have
// run, the live response count, and the controls that drive the projector page (which follows
// the room over its own socket and shows only the slide). It listens on the presenter socket.
import { LiveSocket, api, connectionPill, el, tr } from './common.js';
import { TYPES, load } from './types/index.js';

const body = document.body;
const roomId = body.dataset.room;
const presentationId = body.dataset.presentation;
const $ = (id) => document.getElementById(id);

let room = null;
let questions = [];
let responses = 0;
let participants = 0;
let itemSince = Date.now(); // when the current item came on (as this page saw it)
let socket = null;

const current = () => questions.find((q) => q.id === room?.current_question_id) || null;
// A content slide and the Q&A item take no answers: voting stays closed (types/<type>.js).
const takesAnswers = (q) => !!q && TYPES[q.type]?.answered !== false;

async function loadDeck() {
  const p = await api('GET', `/api/presentations/${presentationId}`);
  if (p.status === 401) return location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
  if (!p.ok) return;
  questions = p.data.questions; // the organiser's view: notes included
  await load(questions.map((q) => q.type));
  render();
}

async function start() {
  const r = await api('GET', `/api/rooms/${roomId}`);
  if (r.status === 401) return location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
  if (r.ok) applyRoom(r.data);
  await loadDeck();
  socket = new LiveSocket(`/ws/rooms/${roomId}/presenter`, { onMessage, onStatus: connectionPill($('conn')) });
}

function onMessage(msg) {
  if (msg.type === 'state') applyRoom(msg.room);
  else if (msg.type === 'results' && msg.result.question_id === room?.current_question_id) {
    responses = msg.result.response_count;
    participants = msg.participant_count;
    renderCounts();
  }
}

function applyRoom(next) {
  const moved = next.current_question_id !== room?.current_question_id;
  if (moved) {
    itemSince = Date.now();
    responses = 0;
    if (next.current_question_id && !questions.some((q) => q.id === next.current_question_id)) loadDeck();
  }
  room = next;
  participants = Math.max(participants, next.participant_count || 0);
  render();
}

function render() {
  if (!room) return;
  const q = current();
  const index = q ? questions.indexOf(q) : -1;
  const after = questions[index + 1] || null;
  const ended = room.status !== 'live';
  $('counter').textContent = ended ? tr('speaker.ended') : q ? tr('speaker.counter', { n: index + 1, total: questions.length }) : tr('speaker.lobby');
  $('now-type').textContent = q ? `· ${tr(`dash.type_${q.type}`)}` : '';
  $('now-prompt').textContent = q ? q.prompt : tr('speaker.lobby');
  const notes = q?.settings.notes || '';
  $('notes').replaceChildren(notes ? el('p', {}, notes) : el('p', { class: 'help' }, tr('speaker.no_notes')));
  $('next-type').textContent = after ? `· ${tr(`dash.type_${after.type}`)}` : '';
  $('next-prompt').textContent = after ? after.prompt : tr('speaker.end_of_deck');
  const answers = takesAnswers(q);
  const voting = $('voting');
  voting.textContent = tr(!q || !answers ? 'speaker.no_voting' : room.voting_open ? 'speaker.voting_open' : 'speaker.voting_closed');
  voting.dataset.state = answers && room.voting_open ? 'open' : 'closed';
  $('btn-voting').textContent = tr(room.voting_open ? 'speaker.close_voting' : 'speaker.open_voting');
  $('btn-voting').disabled = ended || !answers;
  $('btn-results').textContent = tr(room.results_visible ? 'speaker.hide_results' : 'speaker.show_results');
  $('btn-results').disabled = ended || !answers;
  for (const button of document.querySelectorAll('.speaker-controls button[data-action="next"], .speaker-controls button[data-action="previous"]')) button.disabled = ended;
  renderCounts();
}

function renderCounts() {
  $('responses').textContent = String(responses);
  $('joined').textContent = String(participants);
}

const clock = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
};

function tick() {
  if (!room) return;
  $('item-timer').textContent = clock(Date.now() - itemSince);
  const end = room.ended_at ? Date.parse(room.ended_at) : Date.now();
  $('session-timer').textContent = clock(end - Date.parse(room.created_at));
}
setInterval(tick, 1000);

async function act(name) {
  if (!room || room.status !== 'live') return;
  const action = {
    voting: room.voting_open ? 'close_voting' : 'open_voting',
    results: room.results_visible ? 'hide_results' : 'show_results',
  }[name] || name;
  const r = await api('POST', `/api/rooms/${roomId}/control`, { action });
  const error = $('control-error');
  error.hidden = r.ok;
  if (!r.ok) error.textContent = r.data?.detail || tr('speaker.failed');
  else if (socket?.ws?.readyState !== WebSocket.OPEN) applyRoom(r.data); // else the socket brings it in order
}

document.querySelector('.speaker-controls').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (button) act(button.dataset.action);
});

// A clicker or the arrow keys move through the deck, as on the projector page.
const KEYS = { ArrowRight: 'next', PageDown: 'next', ArrowLeft: 'previous', PageUp: 'previous' };
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select')) return;
  const name = KEYS[event.key];
  if (!name) return;
  event.preventDefault();
  act(name);
});

start();
