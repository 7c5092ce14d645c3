// The dashboard's question form and one-line summaries. Each question type's part (its options,
// settings fields and summary) is its module's `editor` (types/); this is what they share.
import { el, tr } from './common.js';
import { FIELDS, changeField } from './editor-fields.js';
import { imagePicker, mediaLibrary } from './image-picker.js';
import { TYPES as MODULES, TYPE_NAMES as TYPES } from './types/index.js';

const editorOf = (type) => MODULES[type]?.editor || null;
const optionsOf = (type) => editorOf(type)?.options || null;

export function questionSummary(q) {
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

export function questionForm(q, { call, problem, presentation, done }) {

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
  // Presenter notes: every type has them; the speaker view shows them, phones never get them.
  const notes = el('textarea', { id: 'q-notes', rows: 3, maxLength: 4000, 'aria-describedby': 'q-notes-help' }, q?.settings.notes || '');
  // Where a problem is said: beside the field it is about (showProblem below).
  const error = el('p', { class: 'msg error field-error', id: 'q-error', role: q ? null : 'alert', hidden: true });
  let fields = null;
  // Pictures: one above the prompt (every type), one per option (image choice).
  const library = mediaLibrary(presentation.id);
  const questionImage = imagePicker(library, q?.settings?.image || null, 'dash.image');

  function optionRow(option) {
    const spec = optionsOf(type) || optionsOf('multiple_choice');
    const input = el('input', { class: 'opt-label', value: option?.label || '', maxLength: 200, 'aria-label': tr(spec.label), dataset: { id: option?.id || '' } });
    const remove = el('button', { class: 'btn icon', type: 'button', title: tr('dash.remove_option'), 'aria-label': tr('dash.remove_option') }, '×');
    // Quiz: which answers are right (a labelled box per option, never colour alone).
    const right = el('label', { class: 'check right-box', hidden: !spec.correct }, el('input', { type: 'checkbox', class: 'right-input', checked: !!option?.correct }), tr('dash.right_answer'));
    const row = el('li', {}, input, right, remove);
    // Image choice: the option's picture (made when first shown, kept when the type changes).
    row.showPicture = (shown) => {
      if (shown && !row.picker) {
        row.picker = imagePicker(library, option?.image || null, 'dash.option_picture');
        row.append(row.picker.node);
      }
      if (row.picker) row.picker.node.hidden = !shown;
    };
    row.showPicture(!!spec.pictures);
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
    row.querySelector('.opt-label').focus();
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
      for (const input of optionList.querySelectorAll('.opt-label')) input.setAttribute('aria-label', tr(spec.label));
      for (const box of optionList.querySelectorAll('.right-box')) box.hidden = !spec.correct;
      for (const row of optionList.children) row.showPicture(!!spec.pictures);
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
  cancel.addEventListener('click', () => done(null));
  // A stored question saves as it is typed (slide-autosave.js): no save or cancel button then.
  const buttons = !q && el('div', { class: 'row' }, el('button', { class: 'btn primary', type: 'submit' }, tr('dash.save_question')), cancel);

  const form = el(
    'form',
    { class: 'qform stack', id: 'question-form', noValidate: true, dataset: { id: q?.id || '' } },
    el('h3', {}, q ? tr('dash.edit_question') : tr('dash.new_question')),
    el('div', { class: 'field' }, el('label', { class: 'label', for: 'q-type' }, tr('dash.type')), typeSelect),
    typeHelp,
    el('label', { class: 'label', for: 'q-prompt' }, tr('dash.prompt')),
    prompt,
    questionImage.node,
    optionBox,
    settingsBox,
    el('div', { class: 'field wide' }, el('label', { class: 'label', for: 'q-notes' }, tr('dash.notes')), notes, el('p', { class: 'help', id: 'q-notes-help' }, tr('dash.notes_help'))),
    error,
    buttons,
  );

  /** What the form holds as the API's body: {body} or {problem, field} (the field to point at). */
  function collect() {
    const spec = optionsOf(type);
    // The types' checks focus the field they refuse: that focus names the field.
    const before = document.activeElement;
    const refused = (message, field = null) => {
      const named = field || (document.activeElement !== before ? document.activeElement : null);
      return { problem: message, field: named };
    };
    let options;
    let image;
    try {
      options = spec
        ? [...optionList.children]
            .map((row) => {
              const input = row.querySelector('.opt-label');
              const option = { id: input.dataset.id || undefined, label: input.value.trim() };
              if (spec.correct) option.correct = row.querySelector('.right-input').checked;
              const picture = spec.pictures && option.label ? row.picker?.read() : null;
              if (picture) option.image = picture;
              return option;
            })
            .filter((o) => o.label)
        : [];
      image = questionImage.read();
    } catch (problem) {
      return refused(problem.message);
    }
    if (!prompt.value.trim()) return refused(tr('dash.error_prompt'), prompt);
    if (spec && options.length < spec.min) return refused(tr(spec.few), optionList.querySelector('.opt-label'));
    if (spec?.correct && !options.some((o) => o.correct)) return refused(tr('dash.error_no_right'), optionList.querySelector('.right-input'));
    let settings;
    try {
      settings = fields.read(options);
    } catch (problem) {
      return refused(problem.message);
    }
    // Settings this form does not show (like moderation) stay as they were.
    if (q && q.type === type) settings = { ...q.settings, ...settings };
    if (image) settings.image = image;
    else delete settings.image;
    settings.notes = notes.value.trim();
    const body = { prompt: prompt.value.trim(), settings };
    if (spec) body.options = options;
    return { body };
  }

  /** Say what is wrong next to the field it is about (or above the buttons), or nothing. */
  function showProblem(problem, field) {
    for (const marked of form.querySelectorAll('[aria-invalid="true"]')) {
      marked.removeAttribute('aria-invalid');
      marked.setAttribute('aria-describedby', (marked.getAttribute('aria-describedby') || '').replace('q-error', '').trim() || null);
      if (!marked.getAttribute('aria-describedby')) marked.removeAttribute('aria-describedby');
    }
    error.hidden = !problem;
    error.textContent = problem || '';
    if (!problem) return;
    if (field && form.contains(field)) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') || ''} q-error`.trim());
      field.insertAdjacentElement('afterend', error);
    } else {
      (buttons || settingsBox).insertAdjacentElement('afterend', error);
    }
  }

  /** The stored question as the server answered a save: new options get their ids. */
  function saved(stored) {
    q = stored;
    const labelled = [...optionList.querySelectorAll('.opt-label')].filter((input) => input.value.trim());
    labelled.forEach((input, i) => {
      if (stored.options[i]) input.dataset.id = stored.options[i].id;
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (q) return; // a stored question saves itself (slide-autosave.js)
    const found = collect();
    showProblem(found.problem, found.field);
    if (found.problem) return found.field?.focus();
    const r = await call('POST', `/api/presentations/${presentation.id}/questions`, { type, ...found.body });
    if (!r.ok) return showProblem(problem(r));
    done(r.data);
  });
  form.collect = collect;
  form.showProblem = showProblem;
  form.saved = saved;
  return form;
}
