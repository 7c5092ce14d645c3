// The dashboard's API tokens for scripts (routes: /api/tokens): make one (shown once), see which
// exist and when they were last used, revoke one.
import { el, tr } from './common.js';

export function tokenTools({ call, problem }) {
  const box = document.getElementById('api-tokens');
  if (!box) return;
  const list = box.querySelector('#token-list');
  const form = box.querySelector('#token-form');
  const made = box.querySelector('#token-made');
  const when = (iso) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang || 'en') : tr('dash.token_never'));

  async function draw() {
    const r = await call('GET', '/api/tokens');
    if (!r.ok) return;
    const live = r.data.filter((t) => !t.revoked_at);
    list.replaceChildren(
      ...(live.length
        ? live.map((t) => {
            const revoke = el('button', { type: 'button', class: 'btn quiet small', 'aria-label': tr('dash.token_revoke_named', { name: t.name }) }, tr('dash.token_revoke'));
            revoke.addEventListener('click', async () => {
              if (!confirm(tr('dash.token_revoke_confirm', { name: t.name }))) return;
              const gone = await call('DELETE', `/api/tokens/${t.id}`);
              if (!gone.ok) return alert(problem(gone));
              made.hidden = true;
              draw();
            });
            return el(
              'li',
              { class: 'token', dataset: { id: t.id } },
              el('span', { class: 'ptitle' }, t.name),
              el('span', { class: 'meta' }, `${t.prefix}… · ${tr(t.scope === 'write' ? 'dash.token_write' : 'dash.token_read')} · ${tr('dash.token_used', { when: when(t.last_used_at) })}`),
              revoke,
            );
          })
        : [el('li', { class: 'muted' }, tr('dash.token_none'))]),
    );
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = form.querySelector('#token-name');
    const scope = form.querySelector('#token-scope');
    const r = await call('POST', '/api/tokens', { name: name.value.trim(), scope: scope.value });
    if (!r.ok) return alert(problem(r));
    name.value = '';
    const shown = made.querySelector('#token-value');
    shown.value = r.data.token;
    made.hidden = false;
    shown.focus();
    shown.select();
    draw();
  });
  box.addEventListener('toggle', () => box.open && draw());
}
