// Dashboard parts for self-paced rooms (dashboard.js builds the forms; a quiz question's own
// settings are its type's editor, types/quiz.js).
import { el, tr } from './common.js';

/** A labelled select with its help line; `choices` are [value, text key] pairs. */
function choiceField(id, name, choices, value) {
  const select = el(
    'select',
    { id, 'aria-describedby': `${id}-help` },
    choices.map(([v, key]) => el('option', { value: v, selected: String(value ?? '') === v }, tr(key))),
  );
  const field = el(
    'div',
    { class: 'field' },
    el('label', { class: 'label', for: id }, tr(`dash.${name}`)),
    select,
    el('p', { class: 'help', id: `${id}-help` }, tr(`dash.${name}_help`)),
  );
  field.select = select;
  return field;
}

/** "Who sets the pace": the presenter (live, one question at a time) or each participant (a
 *  self-paced survey). `value` is the current choice; `withDefault` adds "as the presentation". */
export function pacingField(id, value, withDefault = false) {
  const choices = [
    ...(withDefault ? [['', 'dash.pacing_default']] : []),
    ['presenter', 'dash.pacing_presenter'],
    ['audience', 'dash.pacing_audience'],
  ];
  return choiceField(id, 'pacing', choices, value);
}

/** Quiz names (settings.player_names): players may choose their own, or keep a generated one. */
export function namesField(id, value) {
  return choiceField(id, 'player_names', [['choose', 'dash.player_names_choose'], ['generated', 'dash.player_names_generated']], value);
}
