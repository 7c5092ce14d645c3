// The deck editor's saving as you type: a stored slide's form (question-form.js) is sent a moment
// after the last change, one save at a time; what is typed meanwhile goes with the next one. The
// status line says "Saving…", "Saved" or why not (and offers to try again); a refused field is
// marked where it is, and focus stays where the organiser types.
import { el, tr } from './common.js';

const PAUSE_MS = 700; // after the last key: one request per pause, not per key

/** The status line for the settings pane: {node, say(kind, text)}. */
export function saveStatus() {
  const text = el('span', { id: 'save-status', class: 'save-status' });
  const retry = el('button', { class: 'btn quiet small', type: 'button', id: 'save-retry', hidden: true }, tr('dash.save_retry'));
  // The words only are the live region: the button appearing is not read out on its own.
  const node = el('p', { class: 'save-line', role: 'status' }, text);
  return {
    node: el('div', { class: 'row save-row' }, node, retry),
    retry,
    say(kind, words) {
      text.textContent = words;
      text.className = `save-status ${kind}`;
      retry.hidden = kind !== 'error';
    },
  };
}

/**
 * Save `form` (a question form of a stored slide) as it changes. `saved(question)` gets each
 * stored version. Returns {flush() -> Promise<boolean> (true: nothing left unsaved), pending()}.
 */
export function autosave(form, { call, problem, status, saved }) {
  let edits = 0; // changes made so far
  let sent = 0; // changes the last good save carried
  let timer = 0;
  let running = null; // the save under way
  let failed = false;

  const pending = () => edits !== sent;

  function changed(event) {
    const field = event.target;
    // Text is counted as typed ("input"); its "change" on leaving would count it twice. A file
    // chosen is an upload under way: the picker's own change says when it is in.
    const chosen = field.tagName === 'SELECT' || field.type === 'checkbox' || field.type === 'radio';
    if (field.type === 'file' || (event.type === 'change' && !chosen)) return;
    edits += 1;
    failed = false;
    status.say('busy', tr('dash.saving'));
    clearTimeout(timer);
    timer = setTimeout(() => save(), PAUSE_MS);
  }

  async function once() {
    const carried = edits;
    // The types' checks focus the field they refuse: the organiser keeps typing where they were.
    const before = document.activeElement;
    const found = form.collect();
    if (before instanceof HTMLElement && document.activeElement !== before) before.focus();
    form.showProblem(found.problem, found.field);
    if (found.problem) {
      failed = true;
      status.say('error', tr('dash.save_failed', { reason: found.problem }));
      return false;
    }
    const r = await call('PATCH', `/api/questions/${form.dataset.id}`, found.body);
    if (!r.ok) {
      failed = true;
      const reason = problem(r);
      form.showProblem(reason);
      status.say('error', tr('dash.save_failed', { reason }));
      return false;
    }
    sent = carried;
    form.saved(r.data);
    saved(r.data);
    if (!pending()) status.say('ok', tr('dash.autosaved'));
    return true;
  }

  /** Save now (and again while typing went on meanwhile); true when all is stored. */
  async function save() {
    clearTimeout(timer);
    if (running) await running;
    while (pending() && !failed) {
      running = once();
      const ok = await running;
      running = null;
      if (!ok) break;
    }
    return !pending();
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  status.retry.addEventListener('click', () => {
    failed = false;
    status.say('busy', tr('dash.saving'));
    save();
  });
  status.say('ok', '');
  return {
    pending,
    async flush() {
      if (!pending()) return true;
      failed = false;
      return save();
    },
  };
}
