// Ranking: each phone puts the items in its order (dragging them, or with the arrow buttons);
// the presenter shows them by points, best first.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { COLOURS, optionLabel, reducedMotion } from './kit.js';

export const form = {
  build(q, mine, ctx) {
    const known = new Set(q.options.map((o) => o.id));
    const saved = (mine?.order || []).filter((id) => known.has(id));
    ctx.order = saved.length === q.options.length ? [...saved] : q.options.map((o) => o.id);
    const list = el('ol', { class: 'ranks movable' });
    for (const o of q.options) {
      const up = el('button', { type: 'button', class: 'move up', 'aria-label': tr('phone.move_up', { item: o.label }), dataset: { step: -1 } }, '↑');
      const down = el('button', { type: 'button', class: 'move down', 'aria-label': tr('phone.move_down', { item: o.label }), dataset: { step: 1 } }, '↓');
      // The grip is for a finger or a mouse; the arrow buttons are the way for keys and screen readers.
      const grip = el('span', { class: 'rank-grip', 'aria-hidden': 'true' }, '⠿');
      list.append(el('li', { class: 'rank', dataset: { id: o.id } }, grip, el('span', { class: 'rank-num', 'aria-hidden': 'true' }), el('span', { class: 'rank-label' }, o.label), up, down));
    }
    const news = el('p', { id: 'rank-news', class: 'sr-only', 'aria-live': 'polite' });
    draggable(list, ctx, (id, to) => {
      news.textContent = tr('phone.moved', { item: optionLabel(q, id), n: to + 1 });
    });
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button.move');
      if (!button || button.disabled) return;
      const id = button.closest('li').dataset.id;
      const from = ctx.order.indexOf(id);
      const to = from + Number(button.dataset.step);
      if (to < 0 || to >= ctx.order.length) return;
      [ctx.order[from], ctx.order[to]] = [ctx.order[to], ctx.order[from]];
      ctx.changed();
      const moved = list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
      // Keep the focus on the item that moved; at the top or bottom, on its other button.
      const again = moved.querySelector(button.classList.contains('up') ? '.up' : '.down');
      (again.disabled ? moved.querySelector(button.classList.contains('up') ? '.down' : '.up') : again).focus();
      news.textContent = tr('phone.moved', { item: optionLabel(q, id), n: to + 1 });
    });
    return [el('p', { class: 'help' }, tr('phone.rank_help')), list, news];
  },
  update(form, q, ctx) {
    const list = form.querySelector('.ranks');
    ctx.order.forEach((id, i) => {
      const li = list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i]);
      li.querySelector('.rank-num').textContent = String(i + 1);
      li.querySelector('.up').disabled = i === 0;
      li.querySelector('.down').disabled = i === ctx.order.length - 1;
    });
  },
  collect(form, q, ctx) {
    return { order: [...ctx.order] };
  },
};

/**
 * Drag to reorder with pointer events (mouse, pen, touch): a row is picked up by its grip (a
 * mouse may take it anywhere but the buttons; a finger only by the grip, so the page still
 * scrolls under a finger on the row), follows the pointer, and takes the place of the row it
 * passes; ctx.order changes as it goes and `moved(id, place)` is told once it is dropped.
 */
function draggable(list, ctx, moved) {
  let drag = null; // {li, id, pointer, grab, from}

  function follow(y) {
    const { li } = drag;
    li.style.transform = '';
    const rows = [...list.children];
    const at = rows.indexOf(li);
    // The row goes where its middle is: past the middle of the next row down (or up).
    const middle = y - drag.grab + li.offsetHeight / 2;
    let to = at;
    while (to < rows.length - 1 && middle > centre(rows[to + 1])) to += 1;
    while (to > 0 && middle < centre(rows[to - 1])) to -= 1;
    if (to !== at) {
      ctx.order.splice(at, 1);
      ctx.order.splice(to, 0, drag.id);
      ctx.changed(); // redraws the list in the new order (form.update)
    }
    li.style.transform = `translateY(${y - drag.grab - li.getBoundingClientRect().top}px)`;
  }

  const centre = (row) => {
    const box = row.getBoundingClientRect();
    return box.top + box.height / 2;
  };

  list.addEventListener('pointerdown', (event) => {
    const li = event.target.closest('li.rank');
    if (!li || drag || event.button !== 0 || event.target.closest('button') || li.closest('fieldset')?.disabled) return;
    if (event.pointerType !== 'mouse' && !event.target.closest('.rank-grip')) return;
    event.preventDefault(); // no text selection, no scrolling while dragging
    list.setPointerCapture(event.pointerId); // the list: the rows move about in it while dragging
    drag = { li, id: li.dataset.id, pointer: event.pointerId, grab: event.clientY - li.getBoundingClientRect().top, from: ctx.order.indexOf(li.dataset.id) };
    li.classList.add('dragging');
  });
  list.addEventListener('pointermove', (event) => {
    if (drag && event.pointerId === drag.pointer) follow(event.clientY);
  });
  const drop = (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const { li, id, from } = drag;
    drag = null;
    li.classList.remove('dragging');
    li.style.transform = '';
    const to = ctx.order.indexOf(id);
    if (to !== from) moved(id, to);
  };
  list.addEventListener('pointerup', drop);
  list.addEventListener('pointercancel', drop);
}

/** The items by points, best first, numbered, with a meter against the top item. */
export function rows(q, result) {
  const items = result.tally.items || [];
  const top = Math.max(1, ...items.map((i) => i.points));
  return items.map((i, n) => [`${n + 1}. ${optionLabel(q, i.option_id)}`, String(i.points), (100 * i.points) / top]);
}

export const optionIds = (tally) => (tally.items || []).map((i) => i.option_id);

export const view = {
  className: (q) => `bars ranking${q.options.length > 6 ? ' many' : ''}`,
  build(q) {
    return q.options.map((o, i) =>
      el(
        'div',
        { class: 'bar-row rank-row', dataset: { id: o.id } },
        el('div', { class: 'bar-label' }, el('span', { class: 'rank-place' }, String(i + 1)), el('span', {}, o.label)),
        el('div', { class: 'bar-track' }, el('div', { class: `bar-fill c${i % COLOURS}` })),
        el('div', { class: 'bar-value' }, el('strong', { class: 'bar-count' }, '0'), el('span', { class: 'bar-pct' }, '')),
      ),
    );
  },
  update(q, tally, total, chart) {
    const rankRows = new Map([...chart.querySelectorAll('.rank-row')].map((r) => [r.dataset.id, r]));
    const items = (tally.items || []).filter((i) => rankRows.has(i.option_id));
    const top = Math.max(1, ...items.map((i) => i.points));
    const before = new Map([...rankRows].map(([id, r]) => [id, r.getBoundingClientRect().top]));
    items.forEach((item, n) => {
      const row = rankRows.get(item.option_id);
      if (chart.children[n] !== row) chart.insertBefore(row, chart.children[n]);
      row.querySelector('.rank-place').textContent = String(n + 1);
      row.querySelector('.bar-fill').style.width = `${(100 * item.points) / top}%`;
      row.querySelector('.bar-count').textContent = tr('present.points', { n: item.points });
      row.querySelector('.bar-pct').textContent = item.average_rank === null ? '' : tr('present.average_place', { n: item.average_rank.toFixed(1) });
    });
    if (reducedMotion()) return;
    // Rows that changed places glide there (first, last, invert, play).
    for (const [id, row] of rankRows) {
      const shift = before.get(id) - row.getBoundingClientRect().top;
      if (!shift) continue;
      row.animate([{ transform: `translateY(${shift}px)` }, { transform: 'none' }], { duration: 600, easing: 'cubic-bezier(0.22, 1, 0.36, 1)' });
    }
  },
};

// ----- the dashboard's editor -----
export const editor = {
  options: { min: 2, max: 10, legend: 'dash.items_ranking', label: 'dash.item_label', add: 'dash.add_item', few: 'dash.error_items' },
  summary: (q) => [tr('dash.summary_ranking', { n: q.options.length })],
  fields(settings, f) {
    const allow = f.changeField(settings);
    return { nodes: [allow], read: () => ({ allow_change: allow.input.checked }) };
  },
};

register('ranking', { form, rows, optionIds, view, editor });
