// Dashboard parts for reusing decks: new from a template, import and download a deck (JSON),
// duplicate a presentation, import questions from a spreadsheet. dashboard.js hands in its API
// call, its error text and what to do with a new presentation (open it).
import { el, tr } from './common.js';
import { may } from './roles-dashboard.js';

const lang = document.body.dataset.lang || 'en';
const $ = (id) => document.getElementById(id);

/** Show `text` in a form's message line (`ok` or an error). */
function say(line, text, ok = false) {
  line.hidden = false;
  line.className = `msg ${ok ? 'ok' : 'error'}`;
  line.textContent = text;
}

/** A file's bytes as base64, a slice at a time (one huge argument list would overflow the stack). */
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function reuseTools({ call, problem, opened }) {
  /** The list pane's forms (dashboard.html): new from a template, import a deck. */
  async function wireListForms() {
    const select = $('template-select');
    const help = $('template-help');
    const templateNote = $('template-note');
    const query = ['en', 'nl'].includes(lang) ? `?lang=${lang}` : '';
    const r = await call('GET', `/api/templates${query}`);
    const templates = r.ok ? r.data : [];
    select.replaceChildren(...templates.map((t) => el('option', { value: t.id }, `${t.title} (${tr('dash.n_questions', { n: t.question_count })})`)));
    const describe = () => {
      help.textContent = templates.find((t) => t.id === select.value)?.description || '';
    };
    select.addEventListener('change', describe);
    describe();
    $('from-template').addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { template: select.value };
      if (['en', 'nl'].includes(lang)) body.language = lang;
      const made = await call('POST', '/api/presentations/from-template', body);
      if (!made.ok) return say(templateNote, problem(made));
      templateNote.hidden = true;
      opened(made.data);
    });

    const deckNote = $('deck-note');
    $('import-deck').addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = $('deck-file').files[0];
      if (!file) return say(deckNote, tr('dash.file_needed'));
      let deck;
      try {
        deck = JSON.parse(await file.text());
      } catch {
        return say(deckNote, tr('dash.deck_not_json'));
      }
      const made = await call('POST', '/api/presentations/import', deck);
      if (!made.ok) return say(deckNote, problem(made));
      $('deck-file').value = '';
      say(deckNote, tr('dash.deck_imported', { title: made.data.title }), true);
      opened(made.data);
    });
  }

  /** Buttons for the open presentation: duplicate (with or without results), download its deck. */
  function presentationActions(presentation) {
    const note = el('p', { class: 'msg', role: 'status', hidden: true });
    const duplicate = (withResults) => async () => {
      const title = tr('dash.copy_title', { title: presentation.title }).slice(0, 200);
      const made = await call('POST', `/api/presentations/${presentation.id}/duplicate`, { with_results: withResults, title });
      if (!made.ok) return say(note, problem(made));
      opened(made.data);
    };
    const copy = el('button', { class: 'btn', type: 'button', id: 'duplicate', onclick: duplicate(false) }, tr('dash.duplicate'));
    const copyAll = el('button', { class: 'btn', type: 'button', id: 'duplicate-results', onclick: duplicate(true) }, tr('dash.duplicate_results'));
    const download = el('a', { class: 'btn', id: 'download-deck', href: `/api/presentations/${presentation.id}/deck`, download: '' }, tr('dash.download_deck'));
    // A copy stays in the same workspace, so only an editor or owner may make one.
    const buttons = may(presentation, 'edit') ? [copy, copyAll, download] : [download];
    return el('div', { class: 'reuse-actions' }, el('div', { class: 'row wrap-row' }, buttons), note);
  }

  /** "Import questions from a spreadsheet": a file, the columns explained, then the new list. */
  function spreadsheetImport(presentation, imported) {
    const input = el('input', { type: 'file', id: 'sheet-file', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const note = el('p', { class: 'msg', role: 'status', hidden: true });
    const form = el(
      'form',
      { class: 'stack', id: 'sheet-import' },
      el('label', { class: 'label', for: 'sheet-file' }, tr('dash.sheet_file')),
      el('p', { class: 'help', id: 'sheet-help' }, tr('dash.sheet_help')),
      input,
      el('div', { class: 'row' }, el('button', { class: 'btn', type: 'submit' }, tr('dash.sheet_import'))),
      note,
    );
    input.setAttribute('aria-describedby', 'sheet-help');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = input.files[0];
      if (!file) return say(note, tr('dash.file_needed'));
      const format = file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const r = await call('POST', `/api/presentations/${presentation.id}/questions/import`, { format, content_base64: await base64Of(file) });
      if (!r.ok) return say(note, problem(r));
      imported(r.data, r.data.questions.length - presentation.questions.length);
    });
    return el('details', { class: 'sheet-import' }, el('summary', {}, tr('dash.sheet_title')), form);
  }

  return { wireListForms, presentationActions, spreadsheetImport };
}
