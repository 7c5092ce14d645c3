// The presenter's flood warning: asks the server every 10 s how many of this room's requests rate
// limits refused in the last minute (GET /api/rooms/{id}/flood) and shows a short warning while
// that is above the threshold, so the presenter can lock joining or remove a participant. The
// projector shows the warning only; what to do about it is in the control bar, the presenter's.
import { api, tr } from './common.js';

const POLL_MS = 10000;
const node = document.getElementById('flood');
const advice = document.getElementById('flood-advice');
const roomId = document.body.dataset.room;

async function check() {
  const r = await api('GET', `/api/rooms/${roomId}/flood`);
  if (r.ok && r.data) {
    node.hidden = !r.data.warning;
    if (advice) advice.hidden = !r.data.warning;
    node.textContent = r.data.warning ? tr('present.flood_warning', { count: r.data.refused_last_minute }) : '';
  }
  setTimeout(check, POLL_MS);
}

if (node && roomId) check();
