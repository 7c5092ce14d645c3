// Pin on image: each phone places one pin on the question's picture; the presenter shows the pins
// as a heat map over it. A pin is {x, y}: fractions 0..1 across and down the picture.
// Phone: tap (or click) the picture; or focus it and move the pin with the arrow keys (the first
// press puts it in the middle; Shift: small steps; Enter sends); or type the two percentages in the
// fields under it, which also work without scripts (phone_types/pin_image.html) and say where the
// pin is to a screen reader. All three stay in step.
// Presenter: the tally's grid (question_types/pin_image.py) as SVG cells over the picture, shaded
// on a colour-blind-safe ramp (viridis, light to dark, as the PDF), with the pins per part of the
// picture as a list beside it: the map's text alternative.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { Problem, fixed, mediaUrl } from './kit.js';

const RAMP_STEPS = 5;
const REGIONS = ['↖', '↑', '↗', '←', '●', '→', '↙', '↓', '↘'];
const STEP = 0.05; // an arrow key moves the pin 5% of the picture; with Shift 1%

/** A fraction as the form's percent, at most two decimals, no trailing zeros (as the server). */
export function percentText(fraction) {
  return fixed(100 * fraction, 2).replace(/0+$/, '').replace(/\.$/, '') || '0';
}

/** A typed percentage 0-100 (a decimal comma too) as a fraction, or null (the server's rules). */
export function fractionOf(typed) {
  const text = String(typed).trim().replace(',', '.').replace(/%$/, '').trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text) || text.length > 12) return null;
  const value = Number(text);
  return value >= 0 && value <= 100 ? Math.round(value * 100) / 10000 : null;
}

/** Pins in each third of the picture across and down (REGIONS' order). */
export function regionCounts(tally) {
  const grid = tally.grid || 20;
  const counts = new Array(9).fill(0);
  (tally.cells || []).forEach((cells, y) => cells.forEach((n, x) => {
    counts[3 * Math.floor((3 * y) / grid) + Math.floor((3 * x) / grid)] += n;
  }));
  return counts;
}

/** A cell's step on the ramp (0..4) by its share of the busiest cell; -1: no pins (as the PDF). */
export const level = (count, top) => (count > 0 && top > 0 ? Math.min(RAMP_STEPS - 1, Math.floor((RAMP_STEPS * count - 1) / top)) : -1);

const clamp = (v) => Math.min(1, Math.max(0, v));

export const form = {
  build(q, mine, ctx) {
    const image = q.settings.image;
    const fields = ['x', 'y'].map((axis) =>
      el(
        'label',
        { class: 'field' },
        el('span', { class: 'label' }, tr(`phone.pin_${axis}`)),
        el('input', { class: 'number-input', name: axis, inputMode: 'decimal', autocomplete: 'off', 'aria-describedby': 'pin-help', value: mine && typeof mine[axis] === 'number' ? percentText(mine[axis]) : '' }),
      ),
    );
    const area =
      image?.media_id &&
      el(
        'div',
        { class: 'pin-area', tabindex: '0', role: 'application', 'aria-label': tr('phone.pin_area', { alt: image.alt }), 'aria-describedby': 'pin-help' },
        el('img', { class: 'pin-img', src: mediaUrl(image.media_id, true), alt: '', decoding: 'async', draggable: 'false' }),
        el('span', { class: 'pin-mark', 'aria-hidden': 'true', hidden: true }),
      );
    if (area) listen(area, ctx);
    const said = el('p', { class: 'pin-said', 'aria-live': 'polite' });
    return [el('p', { class: 'help', id: 'pin-help' }, tr('phone.pin_help')), area, el('div', { class: 'pin-fields' }, fields), said].filter(Boolean);
  },
  update(form) {
    const [x, y] = ['x', 'y'].map((axis) => fractionOf(form.elements[axis].value));
    const mark = form.querySelector('.pin-mark');
    const placed = x !== null && y !== null;
    if (mark) {
      mark.hidden = !placed;
      if (placed) Object.assign(mark.style, { left: `${100 * x}%`, top: `${100 * y}%` });
    }
    form.querySelector('.pin-said').textContent = placed ? tr('phone.pin_at', { x: percentText(x), y: percentText(y) }) : '';
  },
  collect(form) {
    const [x, y] = ['x', 'y'].map((axis) => fractionOf(form.elements[axis].value));
    if (x === null || y === null) throw new Problem('phone.error_pin');
    return { x, y };
  },
};

/** A tap places the pin where it lands; the arrow keys move it (the first press: the middle). */
function listen(area, ctx) {
  area.addEventListener('click', (event) => {
    const box = area.querySelector('.pin-img').getBoundingClientRect();
    if (box.width && box.height) place(area.closest('form'), (event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height, ctx);
  });
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      area.closest('form').requestSubmit(); // Enter places the pin for good: as in the fields
      return;
    }
    const move = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!move) return;
    event.preventDefault();
    const f = area.closest('form');
    const [x, y] = ['x', 'y'].map((axis) => fractionOf(f.elements[axis].value));
    const step = event.shiftKey ? STEP / 5 : STEP;
    if (x === null || y === null) place(f, 0.5, 0.5, ctx);
    else place(f, x + move[0] * step, y + move[1] * step, ctx);
  });
}

/** Put the pin at (x, y) (fractions): the fields, the mark, then the page's usual "changed". */
function place(form, x, y, ctx) {
  if (ctx.locked()) return;
  form.elements.x.value = percentText(clamp(x));
  form.elements.y.value = percentText(clamp(y));
  form.dispatchEvent(new Event('input', { bubbles: true }));
  form.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The parts of the picture that have pins, busiest first: each one's share (as the server). */
export function rows(q, result) {
  const counts = regionCounts(result.tally);
  const total = counts.reduce((a, b) => a + b, 0);
  const busy = [...counts.keys()].filter((i) => counts[i]).sort((a, b) => counts[b] - counts[a]);
  return busy.map((i) => [REGIONS[i], `${fixed((100 * counts[i]) / total)}%`, (100 * counts[i]) / total]);
}

export const optionIds = () => null;

export const view = {
  className: () => 'pin-map',
  build(q) {
    const image = q.settings.image;
    const grid = 20;
    const cells = [];
    for (let y = 0; y < grid; y += 1) {
      for (let x = 0; x < grid; x += 1) cells.push(el('rect', { class: 'pin-cell', x, y, width: 1, height: 1, dataset: { x, y, count: 0 } }));
    }
    const map = el('svg', { class: 'pin-heat', viewBox: `0 0 ${grid} ${grid}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' }, cells);
    const picture = image?.media_id
      ? el('img', { class: 'pin-picture', src: mediaUrl(image.media_id, false), alt: image.alt })
      : el('div', { class: 'pin-picture none' }, tr('present.pin_no_picture'));
    const box = el('figure', { class: 'pin-box', role: 'group', 'aria-label': tr('present.pin_map', { alt: image?.alt || '' }) }, picture, map);
    // The map takes the picture's shape once it is known (the CSS sizes it from --ratio).
    picture.addEventListener('load', () => {
      if (picture.naturalHeight) box.style.setProperty('--ratio', String(picture.naturalWidth / picture.naturalHeight));
    });
    const ramp = el(
      'p',
      { class: 'pin-ramp' },
      el('span', {}, tr('present.pin_fewer')),
      Array.from({ length: RAMP_STEPS }, (_, i) => el('span', { class: `pin-swatch l${i}`, 'aria-hidden': 'true' })),
      el('span', {}, tr('present.pin_more')),
    );
    const list = el(
      'ol',
      { class: 'legend pin-regions', 'aria-label': tr('present.pin_regions') },
      REGIONS.map((arrow, i) => el('li', { class: 'legend-row', dataset: { region: i } }, el('span', { class: 'bar-label' }, tr(`present.pin_region_${i}`)), el('strong', { class: 'bar-count' }, '0'))),
    );
    const side = el('div', { class: 'pin-side' }, el('p', { class: 'pin-count' }), ramp, el('h2', { class: 'pin-regions-title' }, tr('present.pin_regions')), list, el('p', { class: 'pin-empty' }, tr('present.pin_waiting')));
    return [el('div', { class: 'pin-grid' }, el('div', { class: 'pin-stage' }, box), side)];
  },
  update(q, tally, total, chart) {
    const rowsOf = tally.cells || [];
    const top = Math.max(0, ...rowsOf.flat());
    for (const rect of chart.querySelectorAll('.pin-cell')) {
      const n = rowsOf[rect.dataset.y]?.[rect.dataset.x] || 0;
      rect.dataset.count = String(n);
      rect.setAttribute('class', `pin-cell l${level(n, top)}`);
    }
    const counts = regionCounts(tally);
    for (const row of chart.querySelectorAll('.pin-regions .legend-row')) {
      row.querySelector('.bar-count').textContent = String(counts[row.dataset.region]);
    }
    const n = tally.count || 0;
    chart.querySelector('.pin-count').textContent = tr(n === 1 ? 'present.pin_count_one' : 'present.pin_count', { n });
    chart.querySelector('.pin-empty').hidden = n > 0;
  },
};

export const editor = {
  options: null,
  // The type, then the picture's description (or that there is none yet: pins need a picture).
  summary: (q) => [tr('dash.type_pin_image'), q.settings.image?.alt || tr('dash.summary_pin_no_picture')],
  fields: (settings, f) => {
    const allow = f.changeField(settings);
    return { nodes: [allow], read: () => ({ allow_change: allow.input.checked }) };
  },
};

export const ownsImage = true;

register('pin_image', { form, rows, optionIds, view, editor, ownsImage });
