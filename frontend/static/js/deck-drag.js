// Dragging a thumbnail up or down the deck editor's list with a mouse, a pen, or a finger on its
// grip. The page follows the pointer, not the item: moving the item in the list would end a
// pointer capture.

const DRAG_START_PX = 6; // a press that moves less is a click

/**
 * Makes `item` (a child of `list`) draggable. When a drag ends, `dropped(ids)` gets the list's ids
 * in their new order, or null when the drag was cancelled. (A click follows the pointer's release:
 * the caller tells it from a choice.)
 */
export function draggable(item, list, dropped) {
  item.addEventListener('pointerdown', (down) => {
    if (down.button !== 0 || down.target.closest('.qactions')) return;
    if (down.pointerType === 'touch' && !down.target.closest('.grip')) return; // touch scrolls the list
    let moved = false;
    const follow = (event) => {
      if (event.pointerId !== down.pointerId) return;
      if (!moved && Math.abs(event.clientY - down.clientY) < DRAG_START_PX) return;
      if (!moved) {
        moved = true;
        item.classList.add('dragging');
      }
      event.preventDefault();
      // The item goes where the pointer is among the others' middles.
      const others = [...list.children].filter((x) => x !== item);
      const before = others.find((x) => {
        const box = x.getBoundingClientRect();
        return event.clientY < box.top + box.height / 2;
      });
      if (before) {
        if (item.nextElementSibling !== before) list.insertBefore(item, before);
      } else if (list.lastElementChild !== item) {
        list.append(item);
      }
    };
    const end = (event) => {
      if (event.pointerId !== down.pointerId) return;
      window.removeEventListener('pointermove', follow);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      if (!moved) return;
      item.classList.remove('dragging');
      dropped(event.type === 'pointercancel' ? null : [...list.children].map((x) => x.dataset.id));
    };
    window.addEventListener('pointermove', follow);
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
  });
}
