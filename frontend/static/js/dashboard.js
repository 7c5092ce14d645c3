// The organiser's dashboard: presentations, their questions, and their live sessions (rooms).
import { api, el, tr } from './common.js';

const $ = (id) => document.getElementById(id);
const lang = document.body.dataset.lang || 'en';
const MAX_OPTIONS = 30;

let presentations = [];
let selected = null; // the open presentation, with its questions
let rooms = [];
let editing = null; // the id of the question being edited, 'new' for a new one

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

function when(iso) {
  return new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
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
  presentations.unshift(r.data);
  location.hash = `p=${r.data.id}`;
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout');
  location.assign('/login');
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
  drawList();
  drawEditor();
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
  const form = el(
    'form',
    { class: 'grid-form' },
    el('label', { class: 'label', for: 'p-title' }, tr('dash.title_label')),
    title,
    el('label', { class: 'label', for: 'p-lang' }, tr('dash.language_label')),
    language,
    el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save')), saved),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await call('PATCH', `/api/presentations/${selected.id}`, { title: title.value.trim(), language: language.value });
    saved.hidden = false;
    saved.className = `msg ${r.ok ? 'ok' : 'error'}`;
    saved.textContent = r.ok ? tr('dash.saved') : problem(r);
    if (r.ok) {
      selected = r.data;
      presentations = presentations.map((p) => (p.id === r.data.id ? r.data : p));
      drawList();
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
  return el('section', { class: 'card' }, el('div', { class: 'card-head' }, el('h2', {}, tr('dash.presentation')), remove), form);
}

function questionSummary(q) {
  if (q.type !== 'multiple_choice') return tr('dash.summary_other', { type: q.type.replace('_', ' ') });
  const s = q.settings;
  const kind = s.multi_select ? tr('dash.summary_many', { n: s.max_choices }) : tr('dash.summary_one');
  return `${tr('dash.summary_options', { n: q.options.length })} · ${kind}${s.allow_change ? '' : ` · ${tr('dash.summary_final')}`}`;
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
    // The editor knows multiple-choice questions; other types are edited through the API for now.
    const edit = q.type === 'multiple_choice' && el('button', { class: 'btn', type: 'button' }, tr('dash.edit'));
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
    editing === 'new' ? questionForm(null) : add,
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
  const settings = q?.settings || {};
  const prompt = el('textarea', { id: 'q-prompt', required: true, maxLength: 1000, rows: 2 }, q?.prompt || '');
  const optionList = el('ol', { class: 'options-edit' });
  const addOption = el('button', { class: 'btn', type: 'button', id: 'q-add-option' }, tr('dash.add_option'));
  const error = el('p', { class: 'msg error', role: 'alert', hidden: true });

  function optionRow(option) {
    const input = el('input', { value: option?.label || '', maxLength: 200, 'aria-label': tr('dash.option_label'), dataset: { id: option?.id || '' } });
    const remove = el('button', { class: 'btn icon', type: 'button', title: tr('dash.remove_option'), 'aria-label': tr('dash.remove_option') }, '×');
    const row = el('li', {}, input, remove);
    remove.addEventListener('click', () => {
      row.remove();
      limits();
    });
    return row;
  }
  function limits() {
    const rows = optionList.children.length;
    addOption.disabled = rows >= MAX_OPTIONS;
    for (const button of optionList.querySelectorAll('button')) button.disabled = rows <= 2;
  }
  for (const option of q?.options || [null, null]) optionList.append(optionRow(option));
  addOption.addEventListener('click', () => {
    const row = optionRow(null);
    optionList.append(row);
    row.querySelector('input').focus();
    limits();
  });
  limits();

  const multi = el('input', { type: 'checkbox', id: 'q-multi', checked: !!settings.multi_select });
  const maxChoices = el('input', { type: 'number', id: 'q-max', min: 1, max: MAX_OPTIONS, value: settings.multi_select ? settings.max_choices : '' });
  const maxRow = el('div', { class: 'field', hidden: !settings.multi_select }, el('label', { class: 'label', for: 'q-max' }, tr('dash.max_choices')), maxChoices);
  multi.addEventListener('change', () => {
    maxRow.hidden = !multi.checked;
  });
  const allowChange = el('input', { type: 'checkbox', id: 'q-change', checked: settings.allow_change !== false });
  const chart = el(
    'select',
    { id: 'q-chart' },
    el('option', { value: 'bars', selected: settings.chart !== 'donut' }, tr('dash.chart_bars')),
    el('option', { value: 'donut', selected: settings.chart === 'donut' }, tr('dash.chart_donut')),
  );
  const cancel = el('button', { class: 'btn quiet', type: 'button' }, tr('dash.cancel'));
  cancel.addEventListener('click', () => {
    editing = null;
    drawEditor();
  });

  const form = el(
    'form',
    { class: 'qform stack', id: 'question-form' },
    el('h3', {}, q ? tr('dash.edit_question') : tr('dash.new_question')),
    el('label', { class: 'label', for: 'q-prompt' }, tr('dash.prompt')),
    prompt,
    el('fieldset', {}, el('legend', { class: 'label' }, tr('dash.options')), optionList, addOption),
    el('label', { class: 'check' }, multi, tr('dash.multi')),
    maxRow,
    el('label', { class: 'check' }, allowChange, tr('dash.allow_change')),
    el('div', { class: 'field' }, el('label', { class: 'label', for: 'q-chart' }, tr('dash.chart')), chart),
    error,
    el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save_question')), cancel),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const options = [...optionList.querySelectorAll('input')]
      .map((input) => ({ id: input.dataset.id || undefined, label: input.value.trim() }))
      .filter((o) => o.label);
    const fail = (text) => {
      error.textContent = text;
      error.hidden = false;
    };
    if (!prompt.value.trim()) return fail(tr('dash.error_prompt'));
    if (options.length < 2) return fail(tr('dash.error_options'));
    const max = multi.checked && maxChoices.value ? Number(maxChoices.value) : null;
    if (max !== null && (max < 1 || max > options.length)) return fail(tr('dash.error_max', { n: options.length }));
    const body = {
      prompt: prompt.value.trim(),
      options,
      settings: { multi_select: multi.checked, max_choices: max, allow_change: allowChange.checked, chart: chart.value },
    };
    const r = q
      ? await call('PATCH', `/api/questions/${q.id}`, body)
      : await call('POST', `/api/presentations/${selected.id}/questions`, { type: 'multiple_choice', ...body });
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
  const form = el('form', { class: 'row wrap-row' }, el('label', { class: 'sr-only', for: 'room-name' }, tr('dash.room_name')), name, start);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Open the tab now, while the click still counts as the user's: pop-up blockers allow it.
    const tab = window.open('', '_blank');
    const r = await call('POST', `/api/presentations/${selected.id}/rooms`, name.value.trim() ? { name: name.value.trim() } : {});
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
    el('div', { class: 'room-actions' }, actions),
  );
}

window.addEventListener('hashchange', openFromHash);
loadList().then(openFromHash);
