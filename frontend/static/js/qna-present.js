// The presenter screen's Q&A panel beside the current question, and hiding words from a cloud.
// Snapshots come over the presenter socket (present.js passes each message on as `poll:message`);
// they hold only approved questions, never pending or hidden ones. `Q` (or the button) shows or
// hides the panel for every screen of the room; a click on a word of a word cloud hides that word.
import { api, el, tr } from './common.js';

const body = document.body;
const roomId = body.dataset.room;
const aside = document.getElementById('qna-panel');
const toggle = document.getElementById('btn-qna');

let panel = null; // the newest snapshot
let room = null;

function shown() {
  return !!panel && panel.settings.enabled && panel.settings.on_screen;
}

function ordered(questions, sort) {
  const list = [...questions];
  if (sort === 'newest') list.sort((a, b) => b.created_at.localeCompare(a.created_at));
  else list.sort((a, b) => Number(a.answered) - Number(b.answered) || b.upvotes - a.upvotes || b.created_at.localeCompare(a.created_at));
  return list;
}

// While the deck's Q&A item is on (present.js), the panel stays open: nothing to toggle.
const heldOpen = () => body.classList.contains('qna-item-on');
let wasHeld = false;
new MutationObserver(() => {
  if (heldOpen() !== wasHeld) {
    wasHeld = heldOpen();
    draw();
  }
}).observe(body, { attributes: true, attributeFilter: ['class'] });

function draw() {
  const enabled = !!panel && panel.settings.enabled;
  toggle.hidden = !enabled || heldOpen();
  toggle.setAttribute('aria-pressed', String(shown()));
  toggle.textContent = tr(shown() ? 'present.qna_hide_panel' : 'present.qna_show_panel');
  body.classList.toggle('qna-on', shown());
  aside.hidden = !shown();
  if (!shown()) return;
  const questions = ordered(panel.questions, panel.settings.sort);
  const waiting = panel.pending_count || 0;
  aside.replaceChildren(
    el(
      'div',
      { class: 'qna-panel-head' },
      el('h2', { id: 'qna-panel-title' }, tr('present.qna_title')),
      el('span', { class: 'qna-total' }, tr(panel.count === 1 ? 'present.qna_count_one' : 'present.qna_count', { n: panel.count })),
      waiting > 0 && el('a', { class: 'qna-waiting', href: `/rooms/${roomId}/moderate`, target: '_blank', rel: 'noopener' }, tr('present.qna_waiting', { n: waiting })),
    ),
    questions.length
      ? el(
          'ol',
          { class: 'qna-list' },
          questions.slice(0, 30).map((q) =>
            el(
              'li',
              { class: `qna-item${q.answered ? ' answered' : ''}`, dataset: { id: q.id } },
              el('span', { class: 'qna-votes', title: tr('present.qna_upvotes', { n: q.upvotes }) }, el('span', { 'aria-hidden': 'true' }, '▲ '), String(q.upvotes)),
              el('div', { class: 'qna-body' }, el('p', { class: 'qna-text' }, q.text), q.author_name && el('p', { class: 'qna-author' }, q.author_name)),
              el(
                'div',
                { class: 'qna-actions' },
                el('button', { type: 'button', class: 'qna-answer', dataset: { id: q.id, answered: String(!q.answered) } }, tr(q.answered ? 'present.qna_not_answered' : 'present.qna_mark_answered')),
                el('button', { type: 'button', class: 'qna-hide', dataset: { id: q.id } }, tr('present.qna_hide')),
              ),
            ),
          ),
        )
      : el('p', { class: 'qna-empty' }, tr('present.qna_none', { url: document.querySelector('.join-host')?.textContent || '' })),
  );
  trim();
}

// A projector cannot scroll: the questions that fit show, the most upvoted first (the head
// counts them all).
function trim() {
  if (aside.hidden) return;
  const items = [...aside.querySelectorAll('.qna-item')];
  for (const item of items) item.hidden = false;
  const bottom = aside.getBoundingClientRect().bottom - parseFloat(getComputedStyle(aside).paddingBottom) + 1;
  const first = items.findIndex((item) => item.getBoundingClientRect().bottom > bottom);
  if (first >= 0) items.slice(first).forEach((item) => (item.hidden = true));
}
new ResizeObserver(trim).observe(aside);

async function setOnScreen(on) {
  if (!panel) return;
  panel = { ...panel, settings: { ...panel.settings, on_screen: on } };
  draw();
  await api('PATCH', `/api/rooms/${roomId}`, { qna: { on_screen: on } });
}

aside.addEventListener('click', async (event) => {
  const answer = event.target.closest('button.qna-answer');
  const hide = event.target.closest('button.qna-hide');
  if (answer) {
    await api('PATCH', `/api/rooms/${roomId}/qna/${encodeURIComponent(answer.dataset.id)}`, { answered: answer.dataset.answered === 'true' });
  } else if (hide && confirm(tr('present.qna_hide_confirm'))) {
    await api('PATCH', `/api/rooms/${roomId}/qna/${encodeURIComponent(hide.dataset.id)}`, { status: 'hidden' });
  }
});

toggle.addEventListener('click', (event) => {
  if (event.detail > 0) toggle.blur();
  setOnScreen(!shown());
});

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || event.target.closest('input, textarea, select')) return;
  if (event.key.toLowerCase() !== 'q' || !panel?.settings.enabled || heldOpen()) return;
  event.preventDefault();
  setOnScreen(!shown());
});

// A word of the cloud on screen: click it to hide it from this room's cloud (every spelling).
document.getElementById('chart').addEventListener('click', async (event) => {
  const word = event.target.closest('.word[data-key]');
  const questionId = room?.current_question_id;
  if (!word || !questionId || !word.closest('.cloud')) return;
  if (!confirm(tr('present.qna_hide_word_confirm', { word: word.textContent }))) return;
  const r = await api('POST', `/api/rooms/${roomId}/questions/${encodeURIComponent(questionId)}/hidden-words`, { word: word.dataset.key });
  if (!r.ok) alert(tr('present.qna_hide_word_failed'));
});

document.addEventListener('poll:message', (event) => {
  const msg = event.detail;
  if (msg.type === 'qna') {
    panel = msg;
    draw();
  } else if (msg.type === 'state') {
    room = msg.room;
  }
});
