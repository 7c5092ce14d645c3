// The fields of the dashboard's question form that every question type's editor builds its
// settings from (types/<type>.js `editor.fields` gets them as `f`): they look and behave alike.
import { el, tr } from './common.js';

/** A number field with its label; `read()` gives the number, or throws the message to show. */
export function numberField(id, labelKey, value, min, max) {
  const input = el('input', { type: 'number', id, min, max, step: 1, value: value ?? '', inputMode: 'numeric' });
  const field = el('div', { class: 'field' }, el('label', { class: 'label', for: id }, tr(labelKey, { min, max })), input);
  field.read = () => {
    const n = Number(input.value);
    if (input.value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      input.focus();
      throw new Error(tr('dash.error_number', { field: tr(labelKey, { min, max }), min, max }));
    }
    return n;
  };
  return field;
}

export function checkField(id, labelKey, checked) {
  const input = el('input', { type: 'checkbox', id, checked });
  const label = el('label', { class: 'check' }, input, tr(labelKey));
  label.input = input;
  return label;
}

export function selectField(id, labelKey, value, choices) {
  const select = el('select', { id }, choices.map(([v, key]) => el('option', { value: v, selected: String(value) === String(v) }, tr(key))));
  const field = el('div', { class: 'field' }, el('label', { class: 'label', for: id }, tr(labelKey)), select);
  field.select = select;
  return field;
}

/** Moderation of free text: shown at once, filtered for swear words, or approved first. */
export function moderationField(settings) {
  return selectField('q-moderation', 'dash.moderation', settings.moderation || 'off', [
    ['off', 'dash.moderation_off'],
    ['filter', 'dash.moderation_filter'],
    ['approve', 'dash.moderation_approve'],
  ]);
}

/** "More than one answer each": a box and, when ticked, how many (word cloud and open questions). */
export function severalFields(settings) {
  const several = checkField('q-several', 'dash.multiple_submissions', !!settings.multiple_submissions);
  const most = numberField('q-most', 'dash.max_submissions', settings.max_submissions ?? 5, 1, 20);
  const change = checkField('q-change', 'dash.allow_change', settings.allow_change !== false);
  const sync = () => {
    most.hidden = !several.input.checked;
    change.hidden = several.input.checked; // several answers are never changed, only added
  };
  several.input.addEventListener('change', sync);
  sync();
  return {
    nodes: [several, most, change],
    read: () => ({
      multiple_submissions: several.input.checked,
      max_submissions: several.input.checked ? most.read() : settings.max_submissions ?? 5,
      allow_change: change.input.checked,
    }),
  };
}


/** A number that may have decimals and may be left empty (null) when `optional`. */
export function decimalField(id, labelKey, value, { optional = false, help = '' } = {}) {
  const input = el('input', { id, inputMode: 'decimal', value: value ?? '', 'aria-describedby': help ? `${id}-help` : null });
  const field = el('div', { class: 'field' }, el('label', { class: 'label', for: id }, tr(labelKey)), input, help && el('p', { class: 'help', id: `${id}-help` }, tr(help)));
  field.read = () => {
    const text = input.value.trim().replace(',', '.');
    if (!text && optional) return null;
    const n = Number(text);
    if (!text || !Number.isFinite(n)) {
      input.focus();
      throw new Error(tr('dash.error_decimal', { field: tr(labelKey) }));
    }
    return n;
  };
  return field;
}

/** A line of text (a label, a unit). */
export function textField(id, labelKey, value, maxLength, placeholderKey = '') {
  const input = el('input', { id, maxLength, value: value || '', placeholder: placeholderKey ? tr(placeholderKey) : null });
  const field = el('div', { class: 'field wide' }, el('label', { class: 'label', for: id }, tr(labelKey)), input);
  field.read = () => input.value.trim();
  return field;
}

/** "Answers may be changed" (most types). */
export const changeField = (settings) => checkField('q-change', 'dash.allow_change', settings.allow_change !== false);

/** The fields every editor may use, as one object. */
export const FIELDS = { numberField, checkField, selectField, moderationField, severalFields, decimalField, textField, changeField };
