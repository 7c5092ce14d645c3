// What the caller's role over a presentation lets the dashboard offer (docs/workspaces.md). The
// server refuses the rest with a 403; the page leaves those controls out instead of showing them
// disabled, so nobody is offered what will be refused.
import { el, tr } from './common.js';

const RANK = { viewer: 0, facilitator: 1, editor: 2, owner: 3 };
// The least role of each kind of control, as in access.py: VIEW, RUN, EDIT.
const NEED = { view: 'viewer', run: 'facilitator', edit: 'editor' };

/** May the caller, with `presentation.role`, do `what` ('view' | 'run' | 'edit')? */
export function may(presentation, what) {
  return (RANK[presentation?.role] ?? -1) >= RANK[NEED[what]];
}

/** A line saying why the deck is read-only, for roles below editor; else nothing. */
export function roleNote(presentation) {
  if (may(presentation, 'edit')) return null;
  const role = presentation.role === 'facilitator' ? 'facilitator' : 'viewer';
  return el('p', { class: 'help role-note', id: 'role-note' }, tr(`dash.role_note_${role}`));
}
