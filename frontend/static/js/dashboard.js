// The organiser's dashboard: presentations, their questions, and their live sessions (rooms).
import { api, el, tr } from './common.js';
import { FIELDS, changeField, checkField, selectField } from './editor-fields.js';
import { pacingField } from './play-dashboard.js';
import { reuseTools } from './reuse-dashboard.js';
import { tokenTools } from './tokens-dashboard.js';
import { TYPES as MODULES, TYPE_NAMES, load } from './types/index.js';
import { localTime, zoneField, zoneOf } from './zone-dashboard.js';

const $ = (id) => document.getElementById(id);
const lang = document.body.dataset.lang || 'en';
// Each question type's editor (its options, settings and summary) is in its module (types/).
const TYPES = TYPE_NAMES;
const editorOf = (type) => MODULES[type]?.editor || null;
const optionsOf = (type) => editorOf(type)?.options || null;

let presentations = [];
let selected = null; // the open presentation, with its questions
let rooms = [];
let shares = new Map(); // room id -> {shared, created_at, url?}
let editing = null; // the id of the question being edited, 'new' for a new one
let imported = 0; // questions the last spreadsheet import added (said once, under the list)

/** Call the API; a lost session goes back to the login page. */
async function call(method, url, body) {
  const r = await api(method, url, body);
  if (r.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.hash)}`);
    throw new Error('logged out');
  }
  return r;
}

const problem = (r) => (r.status === 0 ? tr('common.no_network') : tr('dash.failed', { detail: detailText(r.data) }));

function detailText(data) {
  const detail = data?.detail;
  if (Array.isArray(detail)) return detail.map((d) => d.msg).join('; ');
  return typeof detail === 'string' ? detail : '';
}

// Duplicates, imports and templates make a new presentation: it opens at once.
const reuse = reuseTools({ call, problem, opened: openPresentation });
tokenTools({ call, problem });

function openPresentation(presentation) {
  presentations.unshift(presentation);
  location.hash = `p=${presentation.id}`;
}

/** A time of the open presentation, in its zone (zone-dashboard.js). */
function when(iso) {
  return localTime(iso, zoneOf(selected), lang);
}

// ----- the list of presentations -----
async function loadList() {
  const r = await call('GET', '/api/presentations');
  if (!r.ok) return;
  presentations = r.data;
  drawList();
}

function drawList() {
  const list = $('presentations');
  if (!presentations.length) {
    list.replaceChildren(el('li', { class: 'muted' }, tr('dash.none')));
    return;
  }
  list.replaceChildren(
    ...presentations.map((p) =>
      el(
        'li',
        {},
        el(
          'a',
          { href: `#p=${p.id}`, class: `plink${selected?.id === p.id ? ' active' : ''}`, 'aria-current': selected?.id === p.id ? 'true' : false },
          el('span', { class: 'ptitle' }, p.title),
          el('span', { class: 'meta' }, tr(p.questions.length === 1 ? 'dash.one_question' : 'dash.n_questions', { n: p.questions.length })),
        ),
      ),
    ),
  );
}

$('new-presentation').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('new-title');
  const r = await call('POST', '/api/presentations', { title: input.value.trim(), language: lang === 'nl' ? 'nl' : 'en' });
  if (!r.ok) return alert(problem(r));
  input.value = '';
  openPresentation(r.data);
});

// ----- one presentation -----
async function openFromHash() {
  const id = new URLSearchParams(location.hash.slice(1)).get('p');
  if (!id) {
    selected = null;
    drawList();
    return;
  }
  const [p, r] = await Promise.all([call('GET', `/api/presentations/${id}`), call('GET', `/api/presentations/${id}/rooms`)]);
  if (!p.ok) {
    selected = null;
    $('editor').replaceChildren(el('div', { class: 'card' }, el('p', {}, tr('dash.not_found'))));
    drawList();
    return;
  }
  selected = p.data;
  rooms = r.ok ? r.data : [];
  editing = null;
  imported = 0;
  shares = new Map();
  drawList();
  drawEditor();
  // Which rooms' results are shared: asked after drawing, so the page never waits for it.
  await Promise.all(
    rooms.map(async (room) => {
      const s = await api('GET', `/api/rooms/${room.id}/share`);
      if (s.ok) shares.set(room.id, s.data);
    }),
  );
  if (selected?.id === p.data.id && !editing) drawEditor();
}

function replaceSelected(presentation) {
  selected = presentation;
  presentations = presentations.map((p) => (p.id === presentation.id ? presentation : p));
  drawList();
  drawEditor();
}

function drawEditor() {
  $('editor').replaceChildren(detailsCard(), questionsCard(), roomsCard());
}

function detailsCard() {
  const title = el('input', { id: 'p-title', value: selected.title, required: true, maxLength: 200 });
  const language = el(
    'select',
    { id: 'p-lang' },
    el('option', { value: 'en', selected: selected.language === 'en' }, 'English'),
    el('option', { value: 'nl', selected: selected.language === 'nl' }, 'Nederlands'),
  );
  const saved = el('p', { class: 'msg', role: 'status', hidden: true });
  const pacing = pacingField('p-pacing', selected.settings?.pacing || 'presenter');
  const zone = zoneField('p-zone', selected.settings?.time_zone || null);
  const form = el(
    'form',
    { class: 'grid-form' },
    el('label', { class: 'label', for: 'p-title' }, tr('dash.title_label')),
    title,
    el('label', { class: 'label', for: 'p-lang' }, tr('dash.language_label')),
    language,
    pacing,
    zone,
    el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save')), saved),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await call('PATCH', `/api/presentations/${selected.id}`, {
      title: title.value.trim(),
      language: language.value,
      settings: { pacing: pacing.select.value, time_zone: zone.read() },
    });
    saved.hidden = false;
    saved.className = `msg ${r.ok ? 'ok' : 'error'}`;
    saved.textContent = r.ok ? tr('dash.saved') : problem(r);
    if (r.ok) {
      selected = r.data;
      presentations = presentations.map((p) => (p.id === r.data.id ? r.data : p));
      drawList();
      $('editor').lastElementChild?.replaceWith(roomsCard()); // its times, in the new zone
    }
  });
  const remove = el('button', { class: 'btn danger', type: 'button' }, tr('dash.delete_presentation'));
  remove.addEventListener('click', async () => {
    if (!confirm(tr('dash.confirm_delete_presentation', { title: selected.title }))) return;
    const r = await call('DELETE', `/api/presentations/${selected.id}`);
    if (!r.ok) return alert(problem(r));
    presentations = presentations.filter((p) => p.id !== selected.id);
    location.hash = '';
    $('editor').replaceChildren(el('div', { class: 'card empty' }, el('p', {}, tr('dash.pick'))));
  });
  return el(
    'section',
    { class: 'card' },
    el('div', { class: 'card-head' }, el('h2', {}, tr('dash.presentation')), remove),
    form,
    reuse.presentationActions(selected),
  );
}

function questionSummary(q) {
  const s = q.settings;
  const editor = editorOf(q.type);
  const parts = editor ? editor.summary(q) : [q.type];
  if (s.multiple_submissions) parts.push(tr('dash.summary_several', { n: s.max_submissions }));
  else if (s.allow_change === false && !editor?.alwaysFinal) parts.push(tr('dash.summary_final'));
  return parts.join(' · ');
}

/** The settings part of the question form for one type: {nodes, read(options) -> settings}. */
function settingsFields(type, settings) {
  const editor = editorOf(type);
  if (editor) return editor.fields(settings, FIELDS);
  const allow = changeField(settings);
  return { nodes: [allow], read: () => ({ allow_change: allow.input.checked }) };
}

function questionsCard() {
  const items = selected.questions.map((q, i) => {
    if (editing === q.id) return el('li', { class: 'q editing' }, questionForm(q));
    const up = el('button', { class: 'btn icon', type: 'button', disabled: i === 0, title: tr('dash.up'), 'aria-label': tr('dash.up') }, '↑');
    const down = el(
      'button',
      { class: 'btn icon', type: 'button', disabled: i === selected.questions.length - 1, title: tr('dash.down'), 'aria-label': tr('dash.down') },
      '↓',
    );
    const edit = TYPES.includes(q.type) && el('button', { class: 'btn', type: 'button' }, tr('dash.edit'));
    const remove = el('button', { class: 'btn danger', type: 'button' }, tr('dash.delete'));
    up.addEventListener('click', () => move(i, -1));
    down.addEventListener('click', () => move(i, 1));
    edit?.addEventListener('click', () => {
      editing = q.id;
      drawEditor();
    });
    remove.addEventListener('click', () => removeQuestion(q));
    return el(
      'li',
      { class: 'q' },
      el('span', { class: 'qnum' }, String(i + 1)),
      el('div', { class: 'qbody' }, el('p', { class: 'qprompt' }, q.prompt), el('p', { class: 'meta' }, questionSummary(q))),
      el('div', { class: 'qactions' }, up, down, edit, remove),
    );
  });
  const add = el('button', { class: 'btn primary', type: 'button', id: 'add-question' }, tr('dash.add_question'));
  add.addEventListener('click', () => {
    editing = 'new';
    drawEditor();
    $('q-prompt')?.focus();
  });
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, tr('dash.questions')),
    items.length ? el('ol', { class: 'qlist' }, items) : el('p', { class: 'muted' }, tr('dash.no_questions')),
    imported > 0 && el('p', { class: 'msg ok', role: 'status' }, tr('dash.sheet_imported', { n: imported })),
    editing === 'new' ? questionForm(null) : add,
    editing === null &&
      reuse.spreadsheetImport(selected, (presentation, added) => {
        imported = added;
        replaceSelected(presentation);
      }),
  );
}

async function move(index, step) {
  const ids = selected.questions.map((q) => q.id);
  [ids[index], ids[index + step]] = [ids[index + step], ids[index]];
  const r = await call('PUT', `/api/presentations/${selected.id}/question-order`, { question_ids: ids });
  if (!r.ok) return alert(problem(r));
  replaceSelected(r.data);
}

async function removeQuestion(q) {
  if (!confirm(tr('dash.confirm_delete_question', { prompt: q.prompt }))) return;
  const r = await call('DELETE', `/api/questions/${q.id}`);
  if (!r.ok) return alert(problem(r));
  replaceSelected({ ...selected, questions: selected.questions.filter((x) => x.id !== q.id) });
}

function questionForm(q) {
  let type = q?.type || 'multiple_choice';
  const prompt = el('textarea', { id: 'q-prompt', required: true, maxLength: 1000, rows: 2 }, q?.prompt || '');
  const typeSelect = el(
    'select',
    { id: 'q-type', disabled: !!q },
    TYPES.map((t) => el('option', { value: t, selected: t === type }, tr(`dash.type_${t}`))),
  );
  const typeHelp = el('p', { class: 'help', id: 'q-type-help' });
  const optionBox = el('fieldset', {});
  const optionList = el('ol', { class: 'options-edit' });
  const addOption = el('button', { class: 'btn', type: 'button', id: 'q-add-option' });
  const settingsBox = el('div', { class: 'settings stack' });
  const error = el('p', { class: 'msg error', role: 'alert', hidden: true });
  let fields = null;

  function optionRow(option) {
    const spec = optionsOf(type) || optionsOf('multiple_choice');
    const input = el('input', { value: option?.label || '', maxLength: 200, 'aria-label': tr(spec.label), dataset: { id: option?.id || '' } });
    const remove = el('button', { class: 'btn icon', type: 'button', title: tr('dash.remove_option'), 'aria-label': tr('dash.remove_option') }, '×');
    // Quiz: which answers are right (a labelled box per option, never colour alone).
    const right = el('label', { class: 'check right-box', hidden: !spec.correct }, el('input', { type: 'checkbox', class: 'right-input', checked: !!option?.correct }), tr('dash.right_answer'));
    const row = el('li', {}, input, right, remove);
    remove.addEventListener('click', () => {
      row.remove();
      limits();
    });
    return row;
  }
  function limits() {
    const spec = optionsOf(type);
    if (!spec) return;
    const rows = optionList.children.length;
    addOption.disabled = rows >= spec.max;
    for (const button of optionList.querySelectorAll('button')) button.disabled = rows <= spec.min;
  }
  addOption.addEventListener('click', () => {
    const row = optionRow(null);
    optionList.append(row);
    row.querySelector('input').focus();
    limits();
  });
  for (const option of q?.options || [null, null]) optionList.append(optionRow(option));

  /** Show the option list and the settings of the chosen type (typed options stay). */
  function showType() {
    const spec = optionsOf(type);
    typeHelp.textContent = tr(`dash.help_${type}`);
    optionBox.hidden = !spec;
    if (spec) {
      while (optionList.children.length < spec.min) optionList.append(optionRow(null));
      optionBox.replaceChildren(el('legend', { class: 'label' }, tr(spec.legend)), optionList, addOption);
      addOption.textContent = tr(spec.add);
      for (const input of optionList.querySelectorAll('input:not([type=checkbox])')) input.setAttribute('aria-label', tr(spec.label));
      for (const box of optionList.querySelectorAll('.right-box')) box.hidden = !spec.correct;
      limits();
    }
    // Settings from the question itself when it is of this type; the defaults otherwise.
    fields = settingsFields(type, q && q.type === type ? q.settings : {});
    settingsBox.replaceChildren(...fields.nodes);
  }
  typeSelect.addEventListener('change', () => {
    type = typeSelect.value;
    error.hidden = true;
    showType();
  });
  showType();

  const cancel = el('button', { class: 'btn quiet', type: 'button' }, tr('dash.cancel'));
  cancel.addEventListener('click', () => {
    editing = null;
    drawEditor();
  });

  const form = el(
    'form',
    { class: 'qform stack', id: 'question-form', noValidate: true },
    el('h3', {}, q ? tr('dash.edit_question') : tr('dash.new_question')),
    el('div', { class: 'field' }, el('label', { class: 'label', for: 'q-type' }, tr('dash.type')), typeSelect),
    typeHelp,
    el('label', { class: 'label', for: 'q-prompt' }, tr('dash.prompt')),
    prompt,
    optionBox,
    settingsBox,
    error,
    el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save_question')), cancel),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fail = (text) => {
      error.textContent = text;
      error.hidden = false;
    };
    const spec = optionsOf(type);
    const options = spec
      ? [...optionList.querySelectorAll('li')]
          .map((row) => {
            const input = row.querySelector('input:not([type=checkbox])');
            const option = { id: input.dataset.id || undefined, label: input.value.trim() };
            if (spec.correct) option.correct = row.querySelector('.right-input').checked;
            return option;
          })
          .filter((o) => o.label)
      : [];
    if (!prompt.value.trim()) return fail(tr('dash.error_prompt'));
    if (spec && options.length < spec.min) return fail(tr(spec.few));
    if (spec?.correct && !options.some((o) => o.correct)) return fail(tr('dash.error_no_right'));
    let settings;
    try {
      settings = fields.read(options);
    } catch (problem) {
      return fail(problem.message);
    }
    // Settings this form does not show (like moderation) stay as they were.
    if (q && q.type === type) settings = { ...q.settings, ...settings };
    const body = { prompt: prompt.value.trim(), settings };
    if (spec) body.options = options;
    const r = q
      ? await call('PATCH', `/api/questions/${q.id}`, body)
      : await call('POST', `/api/presentations/${selected.id}/questions`, { type, ...body });
    if (!r.ok) return fail(problem(r));
    editing = null;
    const questions = q ? selected.questions.map((x) => (x.id === q.id ? r.data : x)) : [...selected.questions, r.data];
    replaceSelected({ ...selected, questions });
  });
  return form;
}

// ----- live sessions (rooms) -----
function roomsCard() {
  const name = el('input', { id: 'room-name', maxLength: 200, placeholder: tr('dash.room_name_placeholder') });
  const start = el('button', { class: 'btn primary', type: 'submit', id: 'start-room', disabled: !selected.questions.length }, tr('dash.start'));
  const note = el('p', { class: 'msg', role: 'status', hidden: true });
  // The audience Q&A beside the questions (docs/qna-and-moderation.md): on or off, and how it is moderated.
  const qnaDefaults = selected.settings?.qna || {};
  const qna = checkField('room-qna', 'dash.qna_enable', !!qnaDefaults.enabled);
  const qnaModeration = selectField('room-qna-moderation', 'dash.qna_moderation', qnaDefaults.moderation || 'off', [
    ['off', 'dash.moderation_off'],
    ['filter', 'dash.moderation_filter'],
    ['approve', 'dash.moderation_approve'],
  ]);
  const roomPacing = pacingField('room-pacing', '', true);
  const form = el('form', { class: 'row wrap-row' }, el('label', { class: 'sr-only', for: 'room-name' }, tr('dash.room_name')), name, qna, qnaModeration, roomPacing, start);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Open the tab now, while the click still counts as the user's: pop-up blockers allow it.
    const tab = window.open('', '_blank');
    const qnaSettings = { qna: { enabled: qna.input.checked, moderation: qnaModeration.select.value } };
    if (roomPacing.select.value) qnaSettings.pacing = roomPacing.select.value; // else the presentation's
    const r = await call('POST', `/api/presentations/${selected.id}/rooms`, name.value.trim() ? { name: name.value.trim(), ...qnaSettings } : qnaSettings);
    if (!r.ok) {
      tab?.close();
      note.hidden = false;
      note.className = 'msg error';
      note.textContent = problem(r);
      return;
    }
    if (tab) tab.location.href = `/present/${r.data.id}`;
    rooms.unshift(r.data);
    drawEditor();
  });
  const list = rooms.length
    ? el('ul', { class: 'rooms' }, rooms.map(roomRow))
    : el('p', { class: 'muted' }, tr('dash.no_rooms'));
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, tr('dash.sessions')),
    el('p', { class: 'help' }, tr(selected.questions.length ? 'dash.sessions_help' : 'dash.sessions_need_question')),
    form,
    note,
    list,
  );
}

function roomRow(room) {
  const live = room.status === 'live';
  const actions = [el('a', { class: 'btn', href: `/rooms/${room.id}/results` }, tr('dash.results'))];
  if (live) {
    actions.unshift(el('a', { class: 'btn primary', href: `/present/${room.id}`, target: '_blank', rel: 'noopener' }, tr('dash.presenter')));
    actions.splice(1, 0, el('a', { class: 'btn', href: `/rooms/${room.id}/moderate` }, tr('dash.moderate')));
    const end = el('button', { class: 'btn danger', type: 'button' }, tr('dash.end'));
    end.addEventListener('click', async () => {
      if (!confirm(tr('dash.confirm_end', { name: room.name }))) return;
      const r = await call('POST', `/api/rooms/${room.id}/control`, { action: 'end' });
      if (!r.ok) return alert(problem(r));
      rooms = rooms.map((x) => (x.id === room.id ? r.data : x));
      drawEditor();
    });
    actions.push(end);
  }
  const share = shares.get(room.id);
  return el(
    'li',
    { class: 'room', dataset: { id: room.id } },
    el(
      'div',
      { class: 'room-info' },
      el('p', {}, el('strong', {}, room.name), ' ', el('span', { class: `tag${live ? ' live' : ''}` }, tr(live ? 'common.live' : 'common.ended'))),
      el(
        'p',
        { class: 'meta' },
        `${tr('dash.code')} ${room.join_code.slice(0, 4)} ${room.join_code.slice(4)} · ${when(room.created_at)} · ${tr('dash.people', { n: room.participant_count })}`,
      ),
    ),
    el('div', { class: 'room-actions' }, actions, shareButtons(room, share)),
    share?.shared && shareLine(room, share),
  );
}

/** Publish the room's results at a link anyone can open, or stop that. */
function shareButtons(room, share) {
  const publish = el('button', { class: 'btn', type: 'button' }, tr(share?.shared ? 'dash.new_link' : 'dash.share'));
  publish.addEventListener('click', async () => {
    const r = await call('POST', `/api/rooms/${room.id}/share`);
    if (!r.ok) return alert(problem(r));
    shares.set(room.id, { shared: true, created_at: new Date().toISOString(), url: r.data.url });
    drawEditor();
    document.querySelector(`.room[data-id="${CSS.escape(room.id)}"] .share-url`)?.select();
  });
  if (!share?.shared) return publish;
  const stop = el('button', { class: 'btn danger', type: 'button' }, tr('dash.unshare'));
  stop.addEventListener('click', async () => {
    if (!confirm(tr('dash.confirm_unshare'))) return;
    const r = await call('DELETE', `/api/rooms/${room.id}/share`);
    if (!r.ok) return alert(problem(r));
    shares.set(room.id, { shared: false, created_at: null });
    drawEditor();
  });
  return [publish, stop];
}

function shareLine(room, share) {
  if (!share.url) {
    // The server shows a link only once, when it is made; a new link replaces the old one.
    return el('p', { class: 'share-line meta' }, tr('dash.shared_since', { when: when(share.created_at) }));
  }
  const url = el('input', { class: 'share-url', readOnly: true, value: share.url, 'aria-label': tr('dash.share_link') });
  const copy = el('button', { class: 'btn', type: 'button' }, tr('dash.copy'));
  copy.addEventListener('click', async () => {
    url.select();
    try {
      await navigator.clipboard.writeText(share.url);
      copy.textContent = tr('dash.copied');
    } catch {
      // no clipboard (plain http): the link is selected, ready to copy by hand
    }
  });
  return el('div', { class: 'share-line' }, el('p', { class: 'meta' }, tr('dash.shared_help')), el('div', { class: 'row' }, url, copy));
}

window.addEventListener('hashchange', openFromHash);
// Every type's module first: the question form and the summaries come from them.
Promise.all([load(TYPE_NAMES), loadList()]).then(openFromHash);
reuse.wireListForms();
