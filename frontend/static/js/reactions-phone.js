// A row of emoji on the phone that float up over the presenter's screen. Too many too fast: the
// server ignores them quietly.
import { api, el, tr } from './common.js';

const REACTIONS = ['👍', '❤️', '😂', '👏', '🎉', '😮'];

/** Returns draw(): shows the row while `live()` (built once), hides it after. */
export function reactionRow(box, code, live) {
  return function drawReactions() {
    if (!box) return;
    box.hidden = !live();
    if (box.hidden || box.childElementCount) return;
    box.append(
      el('p', { class: 'help', id: 'reactions-label' }, tr('phone.reactions')),
      el(
        'div',
        { class: 'reaction-row', role: 'group', 'aria-labelledby': 'reactions-label' },
        REACTIONS.map((emoji) => el('button', { type: 'button', class: 'reaction', dataset: { emoji } }, emoji)),
      ),
    );
    box.addEventListener('click', (event) => {
      const button = event.target.closest('button.reaction');
      if (!button) return;
      button.classList.remove('sent');
      void button.offsetWidth; // restart the little pop
      button.classList.add('sent');
      api('POST', `/api/join/${code}/reactions`, { emoji: button.dataset.emoji });
    });
  };
}
