// The dashboard's live sessions of the open presentation: start one (with its Q&A and pacing),
// see each room's code and people, open its presenter screen, moderation and results, end it, and
// share its results at a link. dashboard.js owns the state; `current()` gives it.
import { el, tr } from './common.js';
import { checkField, selectField } from './editor-fields.js';
import { pacingField } from './play-dashboard.js';
import { grantControl } from './grants-dashboard.js';
import { may } from './roles-dashboard.js';

export function roomTools({ call, problem, when, redraw, current }) {
  function card() {
    const { presentation: selected, rooms } = current();
    const name = el('input', { id: 'room-name', maxLength: 200, placeholder: tr('dash.room_name_placeholder') });
    const start = el('button', { class: 'btn primary', type: 'submit', id: 'start-room', disabled: !selected.questions.length }, tr('dash.start'));
    const note = el('p', { class: 'msg', role: 'status', hidden: true });
    // The audience Q&A beside the questions (docs/qna-and-moderation.md): on or off, and how it is moderated.
    const qnaDefaults = selected.settings?.qna || {};
    const qna = checkField('room-qna', 'dash.qna_enable', !!qnaDefaults.enabled);
    const qnaModeration = selectField('room-qna-moderation', 'dash.qna_moderation', qnaDefaults.moderation || 'off', [
      ['off', 'dash.moderation_off'],
      ['filter', 'dash.moderation_filter'],
      ['approve', 'dash.moderation_approve'],
    ]);
    const roomPacing = pacingField('room-pacing', '', true);
    const form = el('form', { class: 'row wrap-row' }, el('label', { class: 'sr-only', for: 'room-name' }, tr('dash.room_name')), name, qna, qnaModeration, roomPacing, start);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      // Open the tab now, while the click still counts as the user's: pop-up blockers allow it.
      const tab = window.open('', '_blank');
      const qnaSettings = { qna: { enabled: qna.input.checked, moderation: qnaModeration.select.value } };
      if (roomPacing.select.value) qnaSettings.pacing = roomPacing.select.value; // else the presentation's
      const r = await call('POST', `/api/presentations/${selected.id}/rooms`, name.value.trim() ? { name: name.value.trim(), ...qnaSettings } : qnaSettings);
      if (!r.ok) {
        tab?.close();
        note.hidden = false;
        note.className = 'msg error';
        note.textContent = problem(r);
        return;
      }
      if (tab) tab.location.href = `/present/${r.data.id}`;
      rooms.unshift(r.data);
      redraw();
    });
    const runs = may(selected, 'run'); // a viewer sees the rooms and their results, starts none
    // A facilitator handed some rooms runs those; opening another is refused (403), so not offered.
    const opens = runs && !selected.handed_rooms;
    const list = rooms.length
      ? el('ul', { class: 'rooms' }, rooms.map(roomRow))
      : el('p', { class: 'muted' }, tr('dash.no_rooms'));
    return el(
      'section',
      { class: 'card' },
      el('h2', {}, tr('dash.sessions')),
      opens && el('p', { class: 'help' }, tr(selected.questions.length ? 'dash.sessions_help' : 'dash.sessions_need_question')),
      opens && form,
      opens && note,
      list,
    );
  }

  function roomRow(room) {
    const live = room.status === 'live';
    const actions = [el('a', { class: 'btn', href: `/rooms/${room.id}/results` }, tr('dash.results'))];
    const runs = may(current().presentation, 'run');
    if (live && runs) {
      actions.unshift(el('a', { class: 'btn primary', href: `/present/${room.id}`, target: '_blank', rel: 'noopener' }, tr('dash.presenter')));
      actions.splice(1, 0, el('a', { class: 'btn', href: `/present/${room.id}/speaker`, target: '_blank', rel: 'noopener' }, tr('dash.speaker_view')));
      actions.splice(2, 0, el('a', { class: 'btn', href: `/rooms/${room.id}/moderate` }, tr('dash.moderate')));
      const end = el('button', { class: 'btn danger', type: 'button' }, tr('dash.end'));
      end.addEventListener('click', async () => {
        if (!confirm(tr('dash.confirm_end', { name: room.name }))) return;
        const r = await call('POST', `/api/rooms/${room.id}/control`, { action: 'end' });
        if (!r.ok) return alert(problem(r));
        const rooms = current().rooms;
        rooms[rooms.findIndex((x) => x.id === room.id)] = r.data;
        redraw();
      });
      actions.push(end);
    }
    const share = current().shares.get(room.id);
    return el(
      'li',
      { class: 'room', dataset: { id: room.id } },
      el(
        'div',
        { class: 'room-info' },
        el('p', {}, el('strong', {}, room.name), ' ', el('span', { class: `tag${live ? ' live' : ''}` }, tr(live ? 'common.live' : 'common.ended'))),
        el(
          'p',
          { class: 'meta' },
          `${tr('dash.code')} ${room.join_code.slice(0, 4)} ${room.join_code.slice(4)} · ${when(room.created_at)} · ${tr('dash.people', { n: room.participant_count })}`,
        ),
      ),
      el('div', { class: 'room-actions' }, actions, runs && shareButtons(room, share)),
      share?.shared && shareLine(room, share),
      may(current().presentation, 'edit') && grantControl(room, current().grants, { call, problem, redraw }),
    );
  }

  /** Publish the room's results at a link anyone can open, or stop that. */
  function shareButtons(room, share) {
    const publish = el('button', { class: 'btn', type: 'button' }, tr(share?.shared ? 'dash.new_link' : 'dash.share'));
    publish.addEventListener('click', async () => {
      const r = await call('POST', `/api/rooms/${room.id}/share`);
      if (!r.ok) return alert(problem(r));
      current().shares.set(room.id, { shared: true, created_at: new Date().toISOString(), url: r.data.url });
      redraw();
      document.querySelector(`.room[data-id="${CSS.escape(room.id)}"] .share-url`)?.select();
    });
    if (!share?.shared) return publish;
    const stop = el('button', { class: 'btn danger', type: 'button' }, tr('dash.unshare'));
    stop.addEventListener('click', async () => {
      if (!confirm(tr('dash.confirm_unshare'))) return;
      const r = await call('DELETE', `/api/rooms/${room.id}/share`);
      if (!r.ok) return alert(problem(r));
      current().shares.set(room.id, { shared: false, created_at: null });
      redraw();
    });
    return [publish, stop];
  }

  function shareLine(room, share) {
    if (!share.url) {
      // The server shows a link only once, when it is made; a new link replaces the old one.
      return el('p', { class: 'share-line meta' }, tr('dash.shared_since', { when: when(share.created_at) }));
    }
    const url = el('input', { class: 'share-url', readOnly: true, value: share.url, 'aria-label': tr('dash.share_link') });
    const copy = el('button', { class: 'btn', type: 'button' }, tr('dash.copy'));
    copy.addEventListener('click', async () => {
      url.select();
      try {
        await navigator.clipboard.writeText(share.url);
        copy.textContent = tr('dash.copied');
      } catch {
        // no clipboard (plain http): the link is selected, ready to copy by hand
      }
    });
    return el('div', { class: 'share-line' }, el('p', { class: 'meta' }, tr('dash.shared_help')), el('div', { class: 'row' }, url, copy));
  }

  return { card };
}
