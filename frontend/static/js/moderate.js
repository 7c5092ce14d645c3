// The moderation page: the room's Q&A settings, questions and answers waiting for approval or
// hidden (approve, hide, restore, mark answered), and the words hidden from word clouds. It follows
// the presenter socket and re-reads its lists when the room's Q&A or results change.
import { LiveSocket, api, el, tr } from './common.js';

const body = document.body;
const roomId = body.dataset.room;
const presentationId = body.dataset.presentation;
const $ = (id) => document.getElementById(id);

const STATUSES = ['pending', 'visible', 'hidden'];
let qnaTab = 'pending';
let answerTab = 'pending';
let room = null;
let questions = []; // the presentation's questions
let reloading = 0;

function tabs(node, current, counts, pick) {
  node.replaceChildren(
    ...STATUSES.map((status) =>
      el(
        'button',
        { type: 'button', class: 'btn quiet', 'aria-pressed': String(status === current), onclick: () => pick(status) },
        tr(`mod.tab_${status}`, { n: counts[status] ?? '' }),
      ),
    ),
  );
}

function button(label, onclick, kind = '') {
  return el('button', { type: 'button', class: `btn ${kind}`, onclick }, label);
}

// ----- settings -----
function drawSettings() {
  const s = room.settings.qna || {};
  const form = $('qna-settings');
  const check = (key, label, fallback) =>
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: key, checked: s[key] ?? fallback }), ' ', tr(label));
  const moderation = el(
    'select',
    { id: 'mod-moderation', name: 'moderation' },
    ['off', 'filter', 'approve'].map((m) => el('option', { value: m, selected: (s.moderation || 'off') === m }, tr(`mod.moderation_${m}`))),
  );
  const note = el('p', { class: 'msg', role: 'status', hidden: true });
  form.replaceChildren(
    el('h2', { id: 'settings-title' }, tr('mod.settings')),
    check('enabled', 'mod.enabled', false),
    el('label', { class: 'label', for: 'mod-moderation' }, tr('mod.moderation')),
    moderation,
    check('allow_names', 'mod.allow_names', true),
    check('allow_upvotes', 'mod.allow_upvotes', true),
    check('on_screen', 'mod.on_screen', false),
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'btn primary' }, tr('mod.save')), note),
  );
  form.onsubmit = async (event) => {
    event.preventDefault();
    const qna = { moderation: moderation.value };
    for (const key of ['enabled', 'allow_names', 'allow_upvotes', 'on_screen']) qna[key] = form.elements[key].checked;
    const r = await api('PATCH', `/api/rooms/${roomId}`, { qna });
    note.hidden = false;
    note.className = `msg ${r.ok ? 'ok' : 'error'}`;
    note.textContent = tr(r.ok ? 'mod.saved' : 'mod.failed');
    if (r.ok) room = r.data;
  };
}

// ----- Q&A -----
async function drawQna() {
  const r = await api('GET', `/api/rooms/${roomId}/qna?status=${qnaTab}`);
  if (!r.ok) return;
  tabs($('qna-tabs'), qnaTab, r.data.counts, (status) => {
    qnaTab = status;
    drawQna();
  });
  const act = (q, change) => async () => {
    await api('PATCH', `/api/rooms/${roomId}/qna/${encodeURIComponent(q.id)}`, change);
    drawQna();
  };
  const items = r.data.questions.map((q) =>
    el(
      'li',
      { class: 'mod-item', dataset: { id: q.id } },
      el('div', { class: 'qna-body' }, el('p', { class: 'qna-text' }, q.text), el('p', { class: 'qna-meta' }, [q.author_name || tr('mod.anonymous'), tr('mod.upvotes', { n: q.upvotes }), q.answered ? tr('mod.answered') : ''].filter(Boolean).join(' · '))),
      q.status !== 'visible' && button(tr(q.status === 'pending' ? 'mod.approve' : 'mod.restore'), act(q, { status: 'visible' }), 'primary'),
      q.status !== 'hidden' && button(tr('mod.hide'), act(q, { status: 'hidden' }), 'danger'),
      q.status === 'visible' && button(tr(q.answered ? 'mod.not_answered' : 'mod.mark_answered'), act(q, { answered: !q.answered })),
    ),
  );
  $('qna-items').replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, tr('mod.none'))]));
}

// ----- answers of word clouds and open questions -----
function answerText(entry) {
  return entry.answer.entries ? entry.answer.entries.join(', ') : entry.answer.text || '';
}

async function drawAnswers() {
  const r = await api('GET', `/api/rooms/${roomId}/moderation?status=${answerTab}`);
  if (!r.ok) return;
  tabs($('answer-tabs'), answerTab, r.data.counts, (status) => {
    answerTab = status;
    drawAnswers();
  });
  const prompt = (id) => questions.find((q) => q.id === id)?.prompt || '';
  const act = (entry, status) => async () => {
    await api('PATCH', `/api/rooms/${roomId}/responses/${encodeURIComponent(entry.id)}`, { status });
    drawAnswers();
  };
  const items = r.data.responses.map((entry) =>
    el(
      'li',
      { class: 'mod-item', dataset: { id: entry.id } },
      el('div', { class: 'qna-body' }, el('p', { class: 'qna-text' }, answerText(entry)), el('p', { class: 'qna-meta' }, prompt(entry.question_id))),
      entry.status !== 'visible' && button(tr(entry.status === 'pending' ? 'mod.approve' : 'mod.restore'), act(entry, 'visible'), 'primary'),
      entry.status !== 'hidden' && button(tr('mod.hide'), act(entry, 'hidden'), 'danger'),
    ),
  );
  $('answer-items').replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, tr('mod.none'))]));
}

// ----- words hidden from word clouds -----
async function drawWords() {
  const clouds = questions.filter((q) => q.type === 'word_cloud');
  if (!clouds.length) {
    $('words').replaceChildren(el('p', { class: 'muted' }, tr('mod.no_clouds')));
    return;
  }
  const sections = await Promise.all(
    clouds.map(async (q) => {
      const url = `/api/rooms/${roomId}/questions/${q.id}/hidden-words`;
      const r = await api('GET', url);
      const words = r.ok ? r.data.words : [];
      const input = el('input', { id: `hide-${q.id}`, maxLength: 60, required: true });
      const form = el(
        'form',
        { class: 'row wrap-row' },
        el('label', { class: 'sr-only', for: `hide-${q.id}` }, tr('mod.word_to_hide')),
        input,
        el('button', { type: 'submit', class: 'btn' }, tr('mod.hide_word')),
      );
      form.onsubmit = async (event) => {
        event.preventDefault();
        await api('POST', url, { word: input.value });
        drawWords();
      };
      return el(
        'div',
        { class: 'stack' },
        el('h3', {}, q.prompt),
        words.length
          ? el(
              'ul',
              { class: 'mod-words' },
              words.map((w) =>
                el(
                  'li',
                  {},
                  button(tr('mod.unhide_word', { word: w }), async () => {
                    await api('DELETE', `${url}/${encodeURIComponent(w)}`);
                    drawWords();
                  }),
                ),
              ),
            )
          : el('p', { class: 'muted' }, tr('mod.no_hidden_words')),
        form,
      );
    }),
  );
  $('words').replaceChildren(...sections);
}

/** Re-read the lists when the room changes, at most once a second. */
function reloadSoon() {
  if (reloading) return;
  reloading = setTimeout(() => {
    reloading = 0;
    drawQna();
    drawAnswers();
  }, 1000);
}

async function start() {
  const [r, p] = await Promise.all([api('GET', `/api/rooms/${roomId}`), api('GET', `/api/presentations/${presentationId}`)]);
  if (r.status === 401) {
    location.href = `/login?next=${encodeURIComponent(location.pathname)}`;
    return;
  }
  if (!r.ok || !p.ok) return;
  room = r.data;
  questions = p.data.questions;
  drawSettings();
  drawQna();
  drawAnswers();
  drawWords();
  new LiveSocket(`/ws/rooms/${roomId}/presenter`, {
    onMessage(msg) {
      // A Q&A change, or new answers (which may wait for approval).
      if (msg.type === 'qna' || msg.type === 'results') reloadSoon();
    },
  });
}

start();
