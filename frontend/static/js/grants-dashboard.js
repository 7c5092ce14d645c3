// Handing a room to a facilitator (docs/workspaces.md, "A room handed to a facilitator"): under
// each room an editor or owner picks one of the workspace's facilitators, or takes a room back.
// That facilitator then sees only the rooms handed to them of this presentation.
import { api, el, tr } from './common.js';

/** The workspace's facilitators and, per room, whom it is handed to: asked after drawing. */
export async function loadGrants(presentation, rooms) {
  const found = { facilitators: [], byRoom: new Map() };
  if (!presentation.workspace_id) return found;
  const [ws, ...lists] = await Promise.all([
    api('GET', `/api/workspaces/${presentation.workspace_id}`),
    ...rooms.map((room) => api('GET', `/api/rooms/${room.id}/facilitators`)),
  ]);
  if (ws.ok) found.facilitators = ws.data.members.filter((m) => m.role === 'facilitator');
  rooms.forEach((room, i) => lists[i].ok && found.byRoom.set(room.id, lists[i].data));
  return found;
}

/** The control under one room; null when the workspace has no facilitator to hand it to. */
export function grantControl(room, grants, { call, problem, redraw }) {
  const handed = grants.byRoom.get(room.id) || [];
  const free = grants.facilitators.filter((f) => !handed.some((h) => h.user_id === f.user_id));
  if (!grants.facilitators.length) return null;
  const id = `hand-${room.id}`;
  const takeBack = handed.map((h) => {
    const button = el('button', { class: 'btn', type: 'button' }, tr('dash.take_back', { name: h.display_name }));
    button.addEventListener('click', async () => {
      const r = await call('DELETE', `/api/rooms/${room.id}/facilitators/${h.user_id}`);
      if (!r.ok) return alert(problem(r));
      grants.byRoom.set(room.id, handed.filter((x) => x.user_id !== h.user_id));
      redraw();
    });
    return button;
  });
  const parts = [
    handed.length && el('p', { class: 'meta' }, tr('dash.handed_to', { names: handed.map((h) => h.display_name).join(', ') })),
    takeBack.length && el('div', { class: 'row wrap-row' }, takeBack),
  ];
  if (free.length) {
    const select = el('select', { id }, free.map((f) => el('option', { value: f.user_id }, `${f.display_name} (${f.email})`)));
    const form = el(
      'form',
      { class: 'row wrap-row hand-room' },
      el('label', { class: 'label', for: id }, tr('dash.hand_label', { name: room.name })),
      select,
      el('button', { class: 'btn', type: 'submit' }, tr('dash.hand')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const r = await call('PUT', `/api/rooms/${room.id}/facilitators/${select.value}`);
      if (!r.ok) return alert(problem(r));
      grants.byRoom.set(room.id, r.data);
      redraw();
    });
    parts.push(form);
  }
  return el('div', { class: 'room-grants' }, parts);
}
