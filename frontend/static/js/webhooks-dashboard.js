// The dashboard's webhooks (routes: /api/webhooks): add one (its signing secret shown once), see
// each one's state, send a test event, read its delivery log, switch it on again, remove it.
import { el, tr } from './common.js';

const STATUS = { pending: 'dash.webhook_status_pending', sending: 'dash.webhook_status_sending', delivered: 'dash.webhook_status_delivered', failed: 'dash.webhook_status_failed' };

export function webhookTools({ call, problem }) {
  const box = document.getElementById('webhooks');
  if (!box) return;
  const list = box.querySelector('#webhook-list');
  const form = box.querySelector('#webhook-form');
  const events = box.querySelector('#webhook-events');
  const made = box.querySelector('#webhook-made');
  const log = box.querySelector('#webhook-log');
  let shown = null; // the webhook whose log is open
  let refresh = 0;

  async function drawEvents() {
    if (events.querySelector('input')) return;
    const r = await call('GET', '/api/webhooks/events');
    if (!r.ok) return;
    events.append(
      ...Object.keys(r.data).map((name) => {
        const id = `webhook-ev-${name.replace('.', '-')}`;
        return el('div', { class: 'check' }, el('input', { type: 'checkbox', id, value: name, checked: true }), el('label', { for: id }, tr(`dash.webhook_ev_${name}`)));
      }),
    );
  }

  async function drawLog(hook) {
    shown = hook;
    const r = await call('GET', `/api/webhooks/${hook.id}/deliveries`);
    if (!r.ok) return alert(problem(r));
    log.querySelector('#webhook-log-title').textContent = tr('dash.webhook_log_title', { url: hook.url });
    const rows = r.data.map((d) =>
      el(
        'tr',
        { dataset: { id: d.id } },
        el('td', {}, tr(`dash.webhook_ev_${d.event}`)),
        el('td', {}, tr(STATUS[d.status] ?? d.status)),
        el('td', {}, String(d.attempts)),
        el('td', {}, d.last_error ?? (d.response_code === null ? '' : String(d.response_code))),
      ),
    );
    log.querySelector('tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 4 }, tr('dash.webhook_log_none')))]));
    log.hidden = false;
    // Deliveries still under way: look again until they are settled, while this log is open.
    clearTimeout(refresh);
    if (r.data.some((d) => d.status === 'pending' || d.status === 'sending')) {
      refresh = setTimeout(() => box.open && shown?.id === hook.id && drawLog(hook), 1000);
    }
  }

  function button(label, name, onclick) {
    return el('button', { type: 'button', class: 'btn quiet small', 'aria-label': name, onclick }, label);
  }

  async function draw() {
    const r = await call('GET', '/api/webhooks');
    if (!r.ok) return;
    list.replaceChildren(
      ...(r.data.length
        ? r.data.map((hook) => {
            const url = hook.url;
            const state = hook.enabled ? tr('dash.webhook_on') : tr('dash.webhook_off', { why: hook.disabled_reason ?? '' });
            const actions = [
              button(tr('dash.webhook_log'), tr('dash.webhook_log_named', { url }), () => drawLog(hook)),
              hook.enabled
                ? button(tr('dash.webhook_test'), tr('dash.webhook_test_named', { url }), async () => {
                    const sent = await call('POST', `/api/webhooks/${hook.id}/test`);
                    if (!sent.ok) return alert(problem(sent));
                    drawLog(hook);
                  })
                : button(tr('dash.webhook_enable'), tr('dash.webhook_enable_named', { url }), async () => {
                    const on = await call('PATCH', `/api/webhooks/${hook.id}`, { enabled: true });
                    if (!on.ok) return alert(problem(on));
                    draw();
                  }),
              button(tr('dash.webhook_remove'), tr('dash.webhook_remove_named', { url }), async () => {
                if (!confirm(tr('dash.webhook_remove_confirm', { url }))) return;
                const gone = await call('DELETE', `/api/webhooks/${hook.id}`);
                if (!gone.ok) return alert(problem(gone));
                made.hidden = true;
                if (shown?.id === hook.id) log.hidden = true;
                draw();
              }),
            ];
            return el(
              'li',
              { class: 'token', dataset: { id: hook.id } },
              el('span', { class: 'ptitle' }, hook.description || url),
              el('span', { class: 'meta' }, `${url} · ${state} · ${hook.events.map((e) => tr(`dash.webhook_ev_${e}`)).join(', ')}`),
              ...actions,
            );
          })
        : [el('li', { class: 'muted' }, tr('dash.webhook_none'))]),
    );
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const url = form.querySelector('#webhook-url');
    const description = form.querySelector('#webhook-description');
    const chosen = [...events.querySelectorAll('input:checked')].map((box) => box.value);
    if (!chosen.length) return alert(tr('dash.webhook_pick_event'));
    const r = await call('POST', '/api/webhooks', { url: url.value.trim(), description: description.value.trim(), events: chosen });
    if (!r.ok) return alert(problem(r));
    url.value = '';
    description.value = '';
    const secret = made.querySelector('#webhook-secret');
    secret.value = r.data.secret;
    made.hidden = false;
    secret.focus();
    secret.select();
    draw();
  });
  box.addEventListener('toggle', () => {
    if (!box.open) return;
    drawEvents();
    draw();
  });
}
