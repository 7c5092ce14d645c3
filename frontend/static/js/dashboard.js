// The organiser's dashboard: presentations, their questions, and their live sessions (rooms).
import { api, el, tr } from './common.js';
import { deckEditor } from './deck-editor.js';
import { namesField, pacingField } from './play-dashboard.js';
import { pdfDeckUpload } from './pdf-dashboard.js';
import { reuseTools } from './reuse-dashboard.js';
import { loadGrants } from './grants-dashboard.js';
import { may, roleNote } from './roles-dashboard.js';
import { roomTools } from './rooms-dashboard.js';
import { themeCard } from './theme-dashboard.js';
import { tokenTools } from './tokens-dashboard.js';
import { webhookTools } from './webhooks-dashboard.js';
import { TYPE_NAMES, load } from './types/index.js';
import { workspaceTools } from './workspaces-dashboard.js';
import { localTime, zoneField, zoneOf } from './zone-dashboard.js';

const $ = (id) => document.getElementById(id);
const lang = document.body.dataset.lang || 'en';

let presentations = [];
let selected = null; // the open presentation, with its questions
let rooms = [];
let shares = new Map(); // room id -> {shared, created_at, url?}
let grants = { facilitators: [], byRoom: new Map() }; // rooms handed to facilitators (editors' view)
let imported = 0; // questions the last spreadsheet import added (said once, under the list)
let pdfPages = 0; // pages the last PDF added as slides (said once, under the list)

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
const roomsPanel = roomTools({ call, problem, when, redraw: () => drawEditor(), current: () => ({ presentation: selected, rooms, shares, grants }) });
tokenTools({ call, problem });
const workspaces = workspaceTools({ call });
webhookTools({ call, problem });

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
  const [r] = await Promise.all([call('GET', '/api/presentations'), workspaces.load()]);
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
          workspaces.nameOf(p.workspace_id) && el('span', { class: 'meta' }, workspaces.nameOf(p.workspace_id)),
        ),
      ),
    ),
  );
}

$('new-presentation').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('new-title');
  const body = { title: input.value.trim(), language: lang === 'nl' ? 'nl' : 'en', workspace_id: workspaces.chosen() };
  const r = await call('POST', '/api/presentations', body);
  if (!r.ok) return alert(problem(r));
  input.value = '';
  openPresentation(r.data);
});

// ----- one presentation -----
async function openFromHash() {
  await deck.leave(); // the slide being typed in is saved before another deck opens
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
  imported = 0;
  pdfPages = 0;
  shares = new Map();
  grants = { facilitators: [], byRoom: new Map() };
  drawList();
  drawEditor();
  // Which rooms' results are shared: asked after drawing, so the page never waits for it.
  await Promise.all([
    ...rooms.map(async (room) => {
      const s = await api('GET', `/api/rooms/${room.id}/share`);
      // A link shared or stopped meanwhile (the page is usable while this is asked) stays.
      if (s.ok && !shares.has(room.id)) shares.set(room.id, s.data);
    }),
    may(selected, 'edit') &&
      loadGrants(selected, rooms).then((found) => {
        grants = found;
      }),
  ]);
  // Only the rooms card is drawn again: a field being edited elsewhere keeps what was typed.
  if (selected?.id === p.data.id) $('editor').lastElementChild?.replaceWith(roomsPanel.card());
}

function replaceSelected(presentation) {
  selected = presentation;
  presentations = presentations.map((p) => (p.id === presentation.id ? presentation : p));
  drawList();
  drawEditor();
}

function drawEditor() {
  if (!may(selected, 'edit')) {
    // Below editor the deck is read-only: thumbnails and previews, no form, no theme editor.
    $('editor').replaceChildren(deck.card(), readOnlyCard(), roomsPanel.card());
    deck.mounted();
    return;
  }
  const theme = themeCard({
    call,
    problem,
    presentation: selected,
    // Kept without drawing the editor again: the field being edited keeps its focus.
    saved(stored) {
      selected = { ...selected, theme: stored };
      presentations = presentations.map((p) => (p.id === selected.id ? selected : p));
    },
  });
  $('editor').replaceChildren(deck.card(), detailsCard(), theme, roomsPanel.card());
  deck.mounted();
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
  const names = namesField('p-names', selected.settings?.player_names || 'choose');
  const form = el(
    'form',
    { class: 'grid-form' },
    el('label', { class: 'label', for: 'p-title' }, tr('dash.title_label')),
    title,
    el('label', { class: 'label', for: 'p-lang' }, tr('dash.language_label')),
    language,
    pacing,
    names,
    zone,
    el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save')), saved),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await call('PATCH', `/api/presentations/${selected.id}`, {
      title: title.value.trim(),
      language: language.value,
      settings: { pacing: pacing.select.value, player_names: names.select.value, time_zone: zone.read() },
    });
    saved.hidden = false;
    saved.className = `msg ${r.ok ? 'ok' : 'error'}`;
    saved.textContent = r.ok ? tr('dash.saved') : problem(r);
    if (r.ok) {
      selected = r.data;
      presentations = presentations.map((p) => (p.id === r.data.id ? r.data : p));
      drawList();
      $('editor').lastElementChild?.replaceWith(roomsPanel.card()); // its times, in the new zone
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

/** The open presentation as a facilitator or viewer sees it: its title and language, why it is
 *  read-only, and the deck to download. */
function readOnlyCard() {
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, selected.title),
    el('p', { class: 'meta' }, selected.language === 'nl' ? 'Nederlands' : 'English'),
    roleNote(selected),
    reuse.presentationActions(selected),
  );
}

// The deck: thumbnails, previews and the chosen slide's settings (deck-editor.js).
const deck = deckEditor({
  call,
  problem,
  presentation: () => selected,
  canEdit: () => may(selected, 'edit'),
  // An autosaved slide or a new order: kept, the list's counts drawn, the editor left as it is.
  stored(presentation) {
    selected = presentation;
    presentations = presentations.map((p) => (p.id === presentation.id ? presentation : p));
    drawList();
  },
  replace: replaceSelected,
  extras: () => [
    imported > 0 && el('p', { class: 'msg ok', role: 'status' }, tr('dash.sheet_imported', { n: imported })),
    pdfPages > 0 && el('p', { class: 'msg ok', role: 'status', id: 'pdf-added' }, tr('dash.pdf_added', { n: pdfPages })),
    reuse.spreadsheetImport(selected, (presentation, added) => {
      imported = added;
      replaceSelected(presentation);
    }),
    pdfDeckUpload(selected, async (result) => {
      const r = await call('GET', `/api/presentations/${selected.id}`);
      if (!r.ok) return alert(problem(r));
      pdfPages = result.pages;
      replaceSelected(r.data);
    }),
  ],
});

window.addEventListener('hashchange', openFromHash);
// Every type's module first: the question form and the summaries come from them.
Promise.all([load(TYPE_NAMES), loadList()]).then(openFromHash);
reuse.wireListForms();
