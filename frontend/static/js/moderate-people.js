// The moderation page's list of people in the room, with a Remove button for someone who abuses
// it: their answers and questions leave the results on every screen, and their phone can no
// longer answer or join again (DELETE /api/rooms/{rid}/participants/{pid}; no addresses shown).
import { api, el, tr } from './common.js';

const roomId = document.body.dataset.room;
const list = document.getElementById('people');
const note = document.getElementById('people-note');

function say(text) {
  note.textContent = text;
  note.hidden = !text;
}

async function remove(person, name) {
  if (!window.confirm(tr('mod.remove_confirm', { name }))) return;
  const r = await api('DELETE', `/api/rooms/${roomId}/participants/${person.id}`);
  say(r.ok ? tr('mod.removed_note', { name }) : tr('mod.failed'));
  await load();
}

async function load() {
  const r = await api('GET', `/api/rooms/${roomId}/participants?limit=500`);
  if (!r.ok) {
    say(tr('mod.failed'));
    return;
  }
  const people = r.data.participants.filter((p) => !p.removed);
  list.replaceChildren(
    ...people.map((person, n) => {
      const name = person.nickname || tr('mod.person', { n: people.length - n });
      return el(
        'li',
        { class: 'mod-item', dataset: { participant: person.id } },
        el('p', { class: 'qna-text' }, name),
        el('p', { class: 'qna-meta' }, tr('mod.person_answers', { n: person.answers })),
        el('button', { type: 'button', class: 'btn danger', onclick: () => remove(person, name) }, tr('mod.remove')),
      );
    }),
  );
  if (!people.length) list.replaceChildren(el('li', { class: 'help' }, tr('mod.no_people')));
}

document.getElementById('people-refresh').addEventListener('click', load);
load();
