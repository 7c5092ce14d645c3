// The presenter's controls: the keys, the control bar's buttons, and the bar's fading. The bar
// shows on mouse activity or keyboard navigation (Tab) and steps back after a few seconds, so the
// audience sees the room, not the buttons; the control keys themselves (a clicker sends → and
// Page Down) never wake it.
import { api } from './common.js';

const KEYS = {
  ArrowRight: 'next',
  ' ': 'next',
  PageDown: 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  c: 'voting',
  h: 'results',
  f: 'fullscreen',
  j: 'lobby',
};
// Keys other modules act on (qna-present.js, play-present.js, a11y.js): no reason to wake the bar.
const OTHER_KEYS = new Set(['q', 't', 'a', 'l', 'p', 'o', 'k', 'Escape']);
const AWAKE_MS = 3000;

/**
 * `room()` is the room as shown; `toggled(field)` shows a toggled field at once (a quick second
 * press then toggles back); `answered(reply)` takes the control's reply; `takesAnswers()` says
 * whether the item on screen can be voted on at all.
 */
export function createControls({ roomId, room, toggled, answered, takesAnswers = () => true }) {
  const body = document.body;

  async function act(name) {
    const shown = room();
    if (!shown || shown.status !== 'live') return;
    const toggles = {
      voting: shown.voting_open ? 'close_voting' : 'open_voting',
      results: shown.results_visible ? 'hide_results' : 'show_results',
      lock: shown.locked ? 'unlock' : 'lock',
    };
    if ((name === 'voting' || name === 'lobby') && !shown.current_question_id) return;
    if (name === 'voting' && !takesAnswers()) return; // a content slide, the Q&A: nothing to open
    const field = { voting: 'voting_open', results: 'results_visible', lock: 'locked' }[name];
    if (field) toggled(field);
    answered(await api('POST', `/api/rooms/${roomId}/control`, { action: toggles[name] || name }));
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen?.().catch(() => {});
  }

  const keyName = (event) => (event.key.length === 1 ? event.key.toLowerCase() : event.key);

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select')) return;
    // Space and Enter on a focused button or link press it (keyboard users), they do not move on.
    if ((event.key === ' ' || event.key === 'Enter') && event.target.closest('button, a, summary')) return;
    const name = KEYS[keyName(event)];
    if (!name) return;
    event.preventDefault();
    if (event.repeat && name !== 'next' && name !== 'previous') return;
    if (name === 'fullscreen') fullscreen();
    else act(name);
  });

  document.querySelector('.controls').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    // After a mouse click keys go to the page again (Space then means "next", not this button);
    // a keyboard press (detail 0) keeps the focus where the keyboard user is.
    if (event.detail > 0) button.blur();
    if (button.dataset.action === 'fullscreen') fullscreen();
    else act(button.dataset.action);
  });

  // ----- the bar shows on activity and fades -----
  let sleeping = 0;
  function wake() {
    body.classList.add('awake');
    clearTimeout(sleeping);
    sleeping = setTimeout(() => body.classList.remove('awake'), AWAKE_MS);
  }
  document.addEventListener('mousemove', wake, { passive: true });
  document.addEventListener('pointerdown', wake, { passive: true });
  document.addEventListener('keydown', (event) => {
    const name = keyName(event);
    if (!KEYS[name] && !OTHER_KEYS.has(name)) wake();
  });
}
