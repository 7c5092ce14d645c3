// Dashboard parts for self-paced rooms (dashboard.js builds the forms; a quiz question's own
// settings are its type's editor, types/quiz.js).
import { el, tr } from './common.js';

/** "Who sets the pace": the presenter (live, one question at a time) or each participant (a
 *  self-paced survey). `value` is the current choice; `withDefault` adds "as the presentation". */
export function pacingField(id, value, withDefault = false) {
  const choices = [
    ...(withDefault ? [['', 'dash.pacing_default']] : []),
    ['presenter', 'dash.pacing_presenter'],
    ['audience', 'dash.pacing_audience'],
  ];
  const select = el(
    'select',
    { id, 'aria-describedby': `${id}-help` },
    choices.map(([v, key]) => el('option', { value: v, selected: String(value ?? '') === v }, tr(key))),
  );
  const field = el(
    'div',
    { class: 'field' },
    el('label', { class: 'label', for: id }, tr('dash.pacing')),
    select,
    el('p', { class: 'help', id: `${id}-help` }, tr('dash.pacing_help')),
  );
  field.select = select;
  return field;
}
