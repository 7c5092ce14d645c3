// The phone's join page: type the code (shown as "1234 5678"), join, go to the room; the QR
// code's link joins by itself.
import { api, tr } from './common.js';

export function setUpJoin(body) {
  const form = document.getElementById('join-form');
  const input = document.getElementById('code');
  const error = document.getElementById('code-error');
  const button = form.querySelector('button');
  const showError = (key) => {
    error.textContent = tr(key);
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  };

  input.addEventListener('input', () => {
    // Digits only, shown as "1234 5678" like on the screen.
    const digits = input.value.replace(/\D/g, '').slice(0, 8);
    const shown = digits.length > 4 ? `${digits.slice(0, 4)} ${digits.slice(4)}` : digits;
    if (shown !== input.value) input.value = shown;
    error.hidden = true;
    input.removeAttribute('aria-invalid');
  });

  async function join() {
    const digits = input.value.replace(/\s+/g, '');
    if (!/^\d{8}$/.test(digits)) {
      showError('phone.error_code_format');
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = tr('phone.joining');
    const r = await api('POST', '/api/join', { join_code: digits });
    if (r.ok) {
      location.replace(`/${r.data.join_code}`);
      return;
    }
    button.disabled = false;
    button.textContent = tr('phone.join');
    if (r.status === 0) showError('phone.error_network');
    else if (r.status === 423) showError('phone.error_locked');
    else if (r.status === 429) showError('phone.error_too_many_codes');
    else showError('phone.error_not_found');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    join();
  });
  if (body.dataset.autojoin) join();
}
