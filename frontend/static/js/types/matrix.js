// A 2x2 matrix: each item rated 1..steps on two axes (effort and impact, say), or skipped; the
// presenter plots each item at its mean point with a ring for its spread (one standard deviation
// each way), numbered, with the numbers' labels in a legend so twelve items stay readable.
import { el, tr } from '../common.js';
import { register } from './index.js';
import { COLOURS, Problem, fixed, legendRow } from './kit.js';

const AXES = ['x', 'y'];

/** x̄ · ȳ: an item's mean on the x axis, then on the y axis, one decimal each ('–': not rated). */
export function meanPair(entry) {
  const { mean_x: mx, mean_y: my } = entry || {};
  if (mx === null || mx === undefined || my === null || my === undefined) return '–';
  return `${fixed(mx, 1)} · ${fixed(my, 1)}`;
}

/**
 * The response body from what a phone picked per item ({x: '3', y: '', skip: false}), or a
 * Problem: the server's rules for the form without scripts (question_types/matrix.py).
 */
export function ratingsFrom(q, picks) {
  const s = q.settings;
  const skip = s.allow_skip !== false;
  const ratings = {};
  for (const o of q.options) {
    const pick = picks[o.id] || {};
    const [x, y] = AXES.map((axis) => Number(pick[axis] || 0));
    const inRange = (v) => Number.isInteger(v) && v >= 1 && v <= s.steps;
    if (skip && (pick.skip || (!pick.x && !pick.y))) ratings[o.id] = null; // skipped, or left open
    else if (inRange(x) && inRange(y)) ratings[o.id] = { x, y };
    else if (skip || pick.x || pick.y) throw new Problem('phone.error_matrix_pair', { x: s.x_label, y: s.y_label });
    else throw new Problem('phone.error_matrix_all');
  }
  if (Object.values(ratings).every((v) => v === null)) throw new Problem('phone.error_matrix_one');
  return { ratings };
}

function axisRow(q, o, axis, chosen) {
  const s = q.settings;
  const steps = s.steps;
  const [low, high] = [s[`${axis}_low`], s[`${axis}_high`]];
  const end = (n) => (n === 1 && low ? ` (${low})` : n === steps && high ? ` (${high})` : '');
  return el(
    'div',
    { class: 'matrix-axis', role: 'radiogroup', 'aria-label': s[`${axis}_label`] },
    el('p', { class: 'axis-name', 'aria-hidden': 'true' }, s[`${axis}_label`]),
    el(
      'div',
      { class: 'steps', dataset: { cols: steps <= 6 ? steps : Math.ceil(steps / 2) } },
      Array.from({ length: steps }, (_, i) =>
        el(
          'label',
          { class: 'step' },
          el('input', { type: 'radio', name: `${axis}.${o.id}`, value: i + 1, checked: chosen === i + 1 }),
          el('span', {}, String(i + 1)),
          end(i + 1) && el('span', { class: 'sr-only' }, end(i + 1)),
        ),
      ),
    ),
    (low || high) && el('p', { class: 'ends', 'aria-hidden': 'true' }, el('span', {}, low), el('span', {}, high)),
  );
}

export const form = {
  build(q, mine) {
    const s = q.settings;
    const ratings = mine?.ratings || {};
    return [
      el('p', { class: 'help' }, tr('phone.matrix_help', { x: s.x_label, y: s.y_label, n: s.steps })),
      q.options.map((o) =>
        el(
          'fieldset',
          { class: 'statement matrix-item' },
          el('legend', { class: 'statement-label' }, o.label),
          AXES.map((axis) => axisRow(q, o, axis, ratings[o.id]?.[axis])),
          s.allow_skip !== false &&
            el(
              'label',
              { class: 'step skip' },
              el('input', { type: 'checkbox', name: `skip.${o.id}`, value: '1', checked: o.id in ratings && ratings[o.id] === null }),
              el('span', {}, tr('phone.matrix_skip')),
            ),
        ),
      ),
    ];
  },
  collect(form, q) {
    const picked = (name) => form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)?.value || '';
    const picks = Object.fromEntries(q.options.map((o) => [o.id, { x: picked(`x.${o.id}`), y: picked(`y.${o.id}`), skip: picked(`skip.${o.id}`) === '1' }]));
    return ratingsFrom(q, picks);
  },
};

/** Each item's x̄ · ȳ, with a meter for ȳ from the lowest step to the highest (as the server). */
export function rows(q, result) {
  const tally = result.tally;
  const steps = tally.steps || 5;
  return q.options.map((o) => {
    const entry = tally.items?.[o.id] || {};
    const my = entry.mean_y;
    const meter = my !== null && my !== undefined && steps > 1 ? (100 * (my - 1)) / (steps - 1) : 0;
    return [o.label, meanPair(entry), meter];
  });
}

export const optionIds = (tally) => Object.keys(tally.items || {});

// ----- the presenter's plot: an SVG in plot units, y pointing down as SVG's does -----
export const PLOT = { left: 80, top: 30, size: 600, width: 740, height: 720 };

/** Where rating `v` (1..steps, or a mean) sits along an axis, 0-1: step i at the middle of cell i,
 * so the middle step lies on the quadrants' border. */
export const along = (v, steps) => (v - 0.5) / steps;

/** An item's dot and ring in plot units: centre (cx, cy) and the ring's radii (rx, ry). */
export function placeItem(entry, steps) {
  const { left, top, size } = PLOT;
  return {
    cx: left + size * along(entry.mean_x, steps),
    cy: top + size * (1 - along(entry.mean_y, steps)),
    rx: (size * (entry.sd_x || 0)) / steps,
    ry: (size * (entry.sd_y || 0)) / steps,
  };
}

/** A numbered badge's radius; its mean point is a small dot under it. */
const BADGE = 22;

/**
 * Where each item's numbered badge sits from its mean point, so that items at the same or nearby
 * means stay readable: the first keeps its badge on its mean, a later one whose badge would cover
 * an earlier badge moves out to the nearest free place on rings around its mean (a short line
 * leads back to the mean).
 */
export function badgeOffsets(places, radius = BADGE) {
  const taken = [];
  const free = (x, y) => taken.every(([tx, ty]) => Math.hypot(tx - x, ty - y) >= 2 * radius);
  return places.map(({ cx, cy }) => {
    let offset = [0, 0];
    search: for (let ring = 0; ring <= 4; ring += 1) {
      const count = ring ? 6 * ring : 1;
      for (let k = 0; k < count; k += 1) {
        const angle = -Math.PI / 2 + (2 * Math.PI * k) / count;
        const [dx, dy] = ring ? [ring * 2.1 * radius * Math.cos(angle), ring * 2.1 * radius * Math.sin(angle)] : [0, 0];
        if (free(cx + dx, cy + dy)) {
          offset = [dx, dy];
          break search;
        }
      }
    }
    taken.push([cx + offset[0], cy + offset[1]]);
    return offset;
  });
}

const line = (x1, y1, x2, y2, cls) => el('path', { class: cls, d: `M${x1} ${y1}L${x2} ${y2}` });
const text = (x, y, value, cls, extra = {}) => el('text', { x, y, class: cls, ...extra }, value);
const ring = ({ cx, cy, rx, ry }) => (rx || ry ? `M${cx - rx} ${cy}a${rx} ${ry} 0 1 0 ${2 * rx} 0a${rx} ${ry} 0 1 0 ${-2 * rx} 0` : '');

function frame(q) {
  const s = q.settings;
  const { left, top, size } = PLOT;
  const [right, bottom, mid] = [left + size, top + size, size / 2];
  const names = s.quadrants || [];
  const corner = [
    [left + 12, top + 36, 'start'],
    [right - 12, top + 36, 'end'],
    [left + 12, bottom - 14, 'start'],
    [right - 12, bottom - 14, 'end'],
  ];
  return [
    el('rect', { class: 'matrix-area', x: left, y: top, width: size, height: size }),
    line(left + mid, top, left + mid, bottom, 'matrix-mid'),
    line(left, top + mid, right, top + mid, 'matrix-mid'),
    corner.map(([x, y, anchor], i) => names[i] && text(x, y, names[i], 'matrix-quadrant', { 'text-anchor': anchor })),
    text(left, bottom + 34, s.x_low ? `1 · ${s.x_low}` : '1', 'matrix-end', { 'text-anchor': 'start' }),
    text(right, bottom + 34, s.x_high ? `${s.x_high} · ${s.steps}` : String(s.steps), 'matrix-end', { 'text-anchor': 'end' }),
    text(left + mid, bottom + 72, `${s.x_label} →`, 'matrix-axis-name', { 'text-anchor': 'middle' }),
    text(left - 14, bottom, s.y_low ? `1 · ${s.y_low}` : '1', 'matrix-end', { 'text-anchor': 'start', transform: `rotate(-90 ${left - 14} ${bottom})` }),
    text(left - 14, top, s.y_high ? `${s.y_high} · ${s.steps}` : String(s.steps), 'matrix-end', { 'text-anchor': 'end', transform: `rotate(-90 ${left - 14} ${top})` }),
    text(left - 50, top + mid, `${s.y_label} →`, 'matrix-axis-name', { 'text-anchor': 'middle', transform: `rotate(-90 ${left - 50} ${top + mid})` }),
  ];
}

export const view = {
  className: () => 'matrix',
  build(q) {
    const { width, height } = PLOT;
    // Two layers: every mean point and spread under every numbered badge, so no point hides a number.
    const dots = q.options.map((o, i) =>
      el(
        'g',
        { class: `matrix-dot c${i % COLOURS}`, dataset: { id: o.id }, visibility: 'hidden' },
        el('title', {}, o.label),
        el('path', { class: 'matrix-ring' }),
        el('path', { class: 'matrix-leader' }),
        el('circle', { class: 'matrix-point', r: 7 }),
      ),
    );
    const badges = q.options.map((o, i) =>
      el(
        'g',
        { class: `matrix-badge c${i % COLOURS}`, dataset: { id: o.id }, visibility: 'hidden' },
        el('title', {}, o.label),
        el('circle', { r: BADGE }),
        text(0, 0, String(i + 1), 'matrix-number', { 'text-anchor': 'middle', 'dominant-baseline': 'central' }),
      ),
    );
    const plot = el('svg', { class: 'matrix-plot', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': q.prompt }, frame(q), dots, badges);
    const legend = el(
      'ol',
      { class: 'legend matrix-legend' },
      q.options.map((o, i) => legendRow(o, i, el('strong', { class: 'matrix-means' }, '–'), el('span', { class: 'matrix-count' }))),
    );
    const side = el('div', { class: 'matrix-side' }, legend, el('p', { class: 'matrix-note' }, tr('present.matrix_spread')), el('p', { class: 'matrix-empty' }, tr('present.matrix_waiting')));
    const grid = el('div', { class: 'matrix-grid' }, el('div', { class: 'matrix-box' }, plot), side);
    grid.style.setProperty('--rows', String(q.options.length));
    return [grid];
  },
  update(q, tally, total, chart) {
    const steps = tally.steps || q.settings.steps || 5;
    const described = [];
    const shown = [];
    for (const dot of chart.querySelectorAll('.matrix-dot')) {
      const entry = tally.items?.[dot.dataset.id];
      const rated = entry && entry.mean_x !== null && entry.mean_x !== undefined;
      dot.setAttribute('visibility', rated ? 'visible' : 'hidden');
      if (!rated) continue;
      const place = placeItem(entry, steps);
      shown.push([dot, place]);
      dot.style.transform = `translate(${fixed(place.cx, 1)}px, ${fixed(place.cy, 1)}px)`; // CSS, so it can glide
      dot.querySelector('.matrix-ring').setAttribute('d', ring({ ...place, cx: 0, cy: 0 }));
      described.push(`${dot.querySelector('title').textContent}: ${meanPair(entry)}`);
    }
    const offsets = badgeOffsets(shown.map(([, place]) => place));
    const badges = new Map([...chart.querySelectorAll('.matrix-badge')].map((b) => [b.dataset.id, b]));
    for (const badge of badges.values()) badge.setAttribute('visibility', 'hidden');
    shown.forEach(([dot, place], i) => {
      const [dx, dy] = offsets[i];
      const badge = badges.get(dot.dataset.id);
      badge.setAttribute('visibility', 'visible');
      badge.style.transform = `translate(${fixed(place.cx + dx, 1)}px, ${fixed(place.cy + dy, 1)}px)`;
      dot.querySelector('.matrix-leader').setAttribute('d', dx || dy ? `M0 0L${fixed(dx, 1)} ${fixed(dy, 1)}` : '');
    });
    for (const row of chart.querySelectorAll('.legend-row')) {
      const entry = tally.items?.[row.dataset.id] || {};
      row.querySelector('.matrix-means').textContent = meanPair(entry);
      const n = entry.count || 0;
      row.querySelector('.matrix-count').textContent = tr(n === 1 ? 'present.n_ratings_one' : 'present.n_ratings', { n });
    }
    const s = q.settings;
    chart.querySelector('.matrix-plot')?.setAttribute('aria-label', `${q.prompt} (${s.x_label} · ${s.y_label}). ${described.join('; ')}`);
    chart.querySelector('.matrix-empty').hidden = total > 0;
  },
};

// ----- the dashboard's editor (a new question's axes are named in the organiser's language) -----
const NAMES = ['x_label', 'x_low', 'x_high', 'y_label', 'y_low', 'y_high'];

export const editor = {
  options: { min: 1, max: 12, legend: 'dash.items_matrix', label: 'dash.item_label', add: 'dash.add_item', few: 'dash.error_items_matrix' },
  summary: (q) => [tr('dash.summary_matrix', { x: q.settings.x_label, y: q.settings.y_label, steps: q.settings.steps, n: q.options.length })],
  fields(settings, f) {
    const words = Object.fromEntries(NAMES.map((name) => [name, f.textField(`q-${name.replace('_', '-')}`, `dash.matrix_${name}`, settings[name] ?? tr(`dash.matrix_default_${name}`), 40)]));
    const steps = f.numberField('q-steps', 'dash.steps', settings.steps ?? 5, 2, 10);
    const corners = (settings.quadrants || ['', '', '', '']).map((name, i) => f.textField(`q-quadrant-${i}`, `dash.matrix_quadrant_${i}`, name, 40, 'dash.matrix_quadrant_placeholder'));
    const skip = f.checkField('q-skip', 'dash.matrix_allow_skip', settings.allow_skip !== false);
    const allow = f.changeField(settings);
    return {
      nodes: [...Object.values(words), steps, ...corners, skip, allow],
      read: () => ({
        ...Object.fromEntries(NAMES.map((name) => [name, words[name].read()])),
        steps: steps.read(),
        quadrants: corners.map((c) => c.read()),
        allow_skip: skip.input.checked,
        allow_change: allow.input.checked,
      }),
    };
  },
};

register('matrix', { form, rows, optionIds, view, editor });
