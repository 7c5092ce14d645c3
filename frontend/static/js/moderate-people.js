// The moderation page's list of people in the room, with a Remove button for someone who abuses
// it: their answers and questions leave the results on every screen, and their phone can no
// longer answer or join again (DELETE /api/rooms/{rid}/participants/{pid}; no addresses shown).
// Above it, groups that joined from one address (a bot that rejoins to vote again), each with a
// button that removes the whole group (POST /api/rooms/{rid}/join-bursts/{source}/remove).
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

async function removeBurst(burst) {
  if (!window.confirm(tr('mod.burst_confirm', { n: burst.participants }))) return;
  const r = await api('POST', `/api/rooms/${roomId}/join-bursts/${burst.source}/remove`);
  say(r.ok ? tr('mod.burst_removed', { n: r.data.removed }) : tr('mod.failed'));
  await load();
}

async function loadBursts() {
  const r = await api('GET', `/api/rooms/${roomId}/join-bursts`);
  const bursts = r.ok ? r.data.bursts : [];
  document.getElementById('bursts').hidden = !bursts.length;
  document.getElementById('burst-list').replaceChildren(
    ...bursts.map((burst) =>
      el(
        'li',
        { class: 'mod-item', dataset: { source: burst.source } },
        el('p', { class: 'qna-text' }, tr('mod.burst', { n: burst.participants })),
        el('button', { type: 'button', class: 'btn danger', onclick: () => removeBurst(burst) }, tr('mod.burst_remove', { n: burst.participants })),
      ),
    ),
  );
}

async function load() {
  await loadBursts();
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
