// The quiz name form on the phone, loaded by play-phone.js on the first "Change name" (the page's
// own scripts stay small). `done({nickname})` after a save; `done({refused: true})` when the
// organiser no longer lets players choose (a 403), and the line drops its button.
import { api, el, tr } from './common.js';

export function editName(card, code, nickname, done) {
  const input = el('input', { id: 'nick-input', name: 'nickname', value: nickname || '', maxLength: 40, autocomplete: 'nickname', enterKeyHint: 'done', 'aria-describedby': 'nick-help nick-error' });
  const error = el('p', { id: 'nick-error', class: 'msg error', role: 'alert', hidden: true });
  const form = el(
    'form',
    { class: 'nick-form' },
    el('label', { class: 'label', for: 'nick-input' }, tr('phone.quiz_name_label')),
    el('p', { id: 'nick-help', class: 'help' }, tr('phone.quiz_name_help')),
    el('div', { class: 'row' }, input, el('button', { type: 'submit', class: 'btn primary' }, tr('phone.quiz_save_name'))),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await api('PATCH', `/api/join/${code}/me`, { nickname: input.value });
    if (r.ok || r.status === 403) {
      done(r.ok ? r.data : { refused: true });
      return;
    }
    error.hidden = false;
    error.textContent = nameProblem(r, input.value.trim());
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  });
  card.replaceChildren(form);
  input.focus();
}

// The server's refusal in the player's words: taken by someone else, not allowed, too long.
function nameProblem(r, typed) {
  if (r.status === 409) return tr('phone.quiz_name_taken', { name: typed });
  if (r.status === 422) return tr(/not allowed/.test(r.data?.detail || '') ? 'phone.quiz_name_not_allowed' : 'phone.quiz_name_invalid');
  if (r.status === 429) return tr('phone.error_slow_down');
  return tr('phone.error_network');
}
