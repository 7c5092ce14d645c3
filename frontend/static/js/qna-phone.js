// The phone's Q&A panel, beside whatever question is on: ask, upvote (and take it back), sort.
// The list arrives as whole `qna` snapshots over the room socket (phone.js passes every message on
// as a `poll:message` event); what only this phone may know (its upvotes, its own questions waiting
// for approval) comes from GET /api/join/{code}/qna. Text is only ever set as text.
import { api, el, tr } from './common.js';

const body = document.body;
const code = body.dataset.code;
const box = document.getElementById('qna');

let panel = null; // the newest snapshot: {settings, questions, count}
let upvoted = new Set();
let mine = []; // this phone's own questions, with their status
let sort = 'votes';
let busy = false;
let note = null; // [kind, text] under the form
let drawn = '';

function characters(text) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) return [...new Intl.Segmenter().segment(text)].length;
  return [...text].length;
}

async function refresh() {
  const r = await api('GET', `/api/join/${code}/qna`);
  if (!r.ok) return;
  panel = r.data;
  upvoted = new Set(r.data.upvoted);
  mine = r.data.mine;
  draw();
}

function build() {
  const text = el('textarea', { id: 'qna-text', name: 'text', rows: 3, 'aria-describedby': 'qna-count' });
  const form = el(
    'form',
    { id: 'qna-form', class: 'stack' },
    el('label', { class: 'label', for: 'qna-text' }, tr('phone.qna_your_question')),
    text,
    el('p', { id: 'qna-count', class: 'help count', 'aria-live': 'polite' }),
    el('div', { id: 'qna-name-row', class: 'stack' }, el('label', { class: 'label', for: 'qna-name' }, tr('phone.qna_name')), el('input', { id: 'qna-name', name: 'name', maxLength: 40, autocomplete: 'nickname' })),
    el('button', { type: 'submit', class: 'btn primary', id: 'qna-ask' }, tr('phone.qna_ask')),
    el('p', { id: 'qna-status', class: 'msg', role: 'status', hidden: true }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask();
  });
  text.addEventListener('input', counter);
  const sorter = el(
    'div',
    { class: 'qna-sort', role: 'group', 'aria-label': tr('phone.qna_sort') },
    el('button', { type: 'button', class: 'btn quiet', dataset: { sort: 'votes' } }, tr('phone.qna_sort_votes')),
    el('button', { type: 'button', class: 'btn quiet', dataset: { sort: 'newest' } }, tr('phone.qna_sort_newest')),
  );
  sorter.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-sort]');
    if (!button) return;
    sort = button.dataset.sort;
    draw();
  });
  const list = el('ul', { id: 'qna-list', class: 'qna-list' });
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button.upvote');
    if (button) vote(button.dataset.id);
  });
  box.replaceChildren(
    el('h2', { id: 'qna-title' }, tr('phone.qna_title')),
    form,
    el('div', { class: 'qna-head' }, el('p', { id: 'qna-total', class: 'help' }), sorter),
    list,
    el('ul', { id: 'qna-mine', class: 'qna-mine' }),
  );
}

function counter() {
  const max = panel?.settings.max_length || 280;
  const left = max - characters(document.getElementById('qna-text').value.trim());
  const count = document.getElementById('qna-count');
  count.textContent = left < 0 ? tr('phone.chars_over', { n: -left }) : tr('phone.chars_left', { n: left });
  count.classList.toggle('over', left < 0);
}

function ordered(questions) {
  const list = [...questions];
  if (sort === 'newest') list.sort((a, b) => b.created_at.localeCompare(a.created_at));
  else list.sort((a, b) => Number(a.answered) - Number(b.answered) || b.upvotes - a.upvotes || b.created_at.localeCompare(a.created_at));
  return list;
}

function item(q, canVote) {
  const pressed = upvoted.has(q.id);
  const meta = [q.author_name || tr('phone.qna_anonymous'), q.answered ? tr('phone.qna_answered') : ''].filter(Boolean).join(' · ');
  return el(
    'li',
    { class: `qna-item${q.answered ? ' answered' : ''}`, dataset: { id: q.id } },
    el('div', { class: 'qna-body' }, el('p', { class: 'qna-text' }, q.text), el('p', { class: 'qna-meta' }, meta)),
    el(
      'button',
      {
        type: 'button',
        class: `upvote${pressed ? ' on' : ''}`,
        dataset: { id: q.id },
        disabled: !canVote,
        'aria-pressed': String(pressed),
      },
      // The name is the spoken text plus the visible count (no aria-label that hides the count).
      el('span', { 'aria-hidden': 'true' }, '▲'),
      el('span', { class: 'sr-only' }, tr(pressed ? 'phone.qna_upvoted_label' : 'phone.qna_upvote_label', { n: q.upvotes })),
      el('span', { class: 'upvote-count', 'aria-hidden': 'true' }, String(q.upvotes)),
    ),
  );
}

function draw() {
  if (!panel) return;
  // The talk tab (room-tabs-phone.js) counts the questions this phone has not seen yet.
  document.dispatchEvent(new CustomEvent('poll:qna-count', { detail: panel.count }));
  const on = panel.settings.enabled && body.dataset.roomStatus !== 'ended';
  box.hidden = !on;
  if (!on) return;
  if (!drawn) build();
  drawn = 'yes';
  const s = panel.settings;
  document.getElementById('qna-name-row').hidden = !s.allow_names;
  const ask = document.getElementById('qna-ask');
  ask.disabled = busy;
  ask.textContent = tr(busy ? 'phone.sending' : 'phone.qna_ask');
  const status = document.getElementById('qna-status');
  status.hidden = !note;
  if (note) {
    status.className = `msg ${note[0]}`;
    status.textContent = note[1];
  }
  counter();
  document.getElementById('qna-total').textContent = tr(panel.count === 1 ? 'phone.qna_count_one' : 'phone.qna_count', { n: panel.count });
  for (const button of box.querySelectorAll('.qna-sort button')) button.setAttribute('aria-pressed', String(button.dataset.sort === sort));
  const list = document.getElementById('qna-list');
  const questions = ordered(panel.questions);
  list.replaceChildren(...questions.map((q) => item(q, s.allow_upvotes)));
  if (!questions.length) list.append(el('li', { class: 'qna-empty muted' }, tr('phone.qna_none')));
  // The phone's own questions that others do not see (yet): waiting for approval, or filtered.
  const shown = new Set(panel.questions.map((q) => q.id));
  const own = mine.filter((q) => q.status !== 'visible' && !shown.has(q.id));
  document.getElementById('qna-mine').replaceChildren(
    ...own.map((q) => el('li', { class: `qna-own ${q.status}` }, el('p', { class: 'qna-text' }, q.text), el('p', { class: 'qna-meta' }, tr(q.status === 'pending' ? 'phone.qna_pending' : 'phone.qna_hidden')))),
  );
}

async function ask() {
  const text = document.getElementById('qna-text');
  const name = document.getElementById('qna-name');
  if (busy) return;
  if (!text.value.trim()) {
    note = ['error', tr('phone.qna_error_empty')];
    draw();
    text.focus();
    return;
  }
  busy = true;
  note = null;
  draw();
  const payload = { text: text.value };
  if (panel.settings.allow_names && name.value.trim()) payload.name = name.value;
  const r = await api('POST', `/api/join/${code}/qna`, payload);
  busy = false;
  if (r.ok) {
    text.value = '';
    mine = [r.data, ...mine];
    const key = { visible: 'phone.qna_sent', pending: 'phone.qna_sent_pending', hidden: 'phone.qna_sent_hidden' }[r.data.status];
    note = [r.data.status === 'hidden' ? 'error' : 'ok', tr(key)];
    if (r.data.status === 'visible') panel = { ...panel, questions: [...panel.questions.filter((q) => q.id !== r.data.id), r.data], count: panel.count + 1 };
  } else if (r.status === 422) {
    note = ['error', /longer than/.test(r.data?.detail || '') ? tr('phone.error_too_long') : tr('phone.qna_error_invalid')];
  } else if (r.status === 429) {
    note = ['error', tr('phone.qna_error_slow_down')];
  } else if (r.status === 423) {
    note = ['error', tr('phone.qna_error_closed')];
  } else {
    note = ['error', tr('phone.error_network')];
  }
  draw();
}

async function vote(id) {
  const up = !upvoted.has(id);
  // Shown at once; the answer (and the next snapshot) says how it really stands.
  if (up) upvoted.add(id);
  else upvoted.delete(id);
  draw();
  const r = await api(up ? 'POST' : 'DELETE', `/api/join/${code}/qna/${encodeURIComponent(id)}/upvote`);
  if (r.ok) {
    panel = { ...panel, questions: panel.questions.map((q) => (q.id === id ? { ...q, upvotes: r.data.upvotes } : q)) };
  } else {
    if (up) upvoted.delete(id);
    else upvoted.add(id);
    if (r.status === 429) note = ['error', tr('phone.qna_error_slow_down')];
  }
  draw();
  box.querySelector(`button.upvote[data-id="${CSS.escape(id)}"]`)?.focus();
}

document.addEventListener('poll:message', (event) => {
  const msg = event.detail;
  if (msg.type === 'qna') {
    const wasOff = !panel?.settings.enabled;
    panel = { settings: msg.settings, questions: msg.questions, count: msg.count };
    const ids = new Set(msg.questions.map((q) => q.id));
    // Own questions that were approved now show in the list; refresh the own list once then.
    if (wasOff || mine.some((q) => q.status === 'pending' && ids.has(q.id))) refresh();
    else draw();
  } else if (msg.type === 'state') {
    body.dataset.roomStatus = msg.state.status;
    draw();
  }
});

if (box) refresh();
