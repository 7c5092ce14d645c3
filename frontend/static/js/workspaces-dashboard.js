// The dashboard's workspaces (routes: /api/workspaces): where a new presentation goes, and which
// workspace each listed one is in, once the organiser belongs to more than their personal one.
import { el, tr } from './common.js';

const MAKERS = ['owner', 'editor'];

export function workspaceTools({ call }) {
  const field = document.getElementById('new-workspace-field');
  const select = document.getElementById('new-workspace');
  let workspaces = [];

  const label = (w) => (w.personal ? tr('dash.workspace_personal') : w.name);

  async function load() {
    const r = await call('GET', '/api/workspaces');
    if (!r.ok) return;
    workspaces = r.data;
    const makers = workspaces.filter((w) => MAKERS.includes(w.role));
    select.replaceChildren(...makers.map((w) => el('option', { value: w.id }, label(w))));
    field.hidden = makers.length < 2;
  }

  return {
    load,
    /** The workspace a new presentation goes to (none: the personal one). */
    chosen: () => (field.hidden ? undefined : select.value || undefined),
    /** The workspace's name under a listed presentation, when there is more than one. */
    nameOf: (id) => {
      if (workspaces.length < 2) return null;
      const found = workspaces.find((w) => w.id === id);
      return found ? label(found) : null;
    },
  };
}
