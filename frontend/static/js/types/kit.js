// What the question types' client modules share: the problem a form reports, counting characters
// as people do, rounding as the server does, and the bar and donut charts of the presenter screen.
import { el } from '../common.js';

/** Colours of the charts (.c0 to .c7 in the stylesheet). */
export const COLOURS = 8;

/** What is wrong with an answer before it is sent: a text key of the page and its values. */
export class Problem extends Error {
  constructor(key, values = {}) {
    super(key);
    this.key = key;
    this.values = values;
  }
}

/** Characters as a person counts them (an emoji with its skin tone is one), as the server does. */
export function characters(text) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) return [...new Intl.Segmenter().segment(text)].length;
  return [...text].length;
}

/**
 * `value` to `digits` decimals, halves rounded up, as text. Number.prototype.toFixed does that on
 * the exact value of the double; Math.round would differ on negative halves, which never occur here.
 */
export function fixed(value, digits = 0) {
  return value.toFixed(digits);
}

/** A small stable number for a string (FNV-1a): colours and placements follow the text, not chance. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The label of option `id` of question `q` ('' for an id it no longer has). */
export const optionLabel = (q, id) => q.options.find((o) => o.id === id)?.label || '';

/** The right answer of a scored question as its reveal gives it: the right options, or the
 *  accepted typed answers. */
export function rightAnswer(q, reveal) {
  if (reveal.accepted) return reveal.accepted.join(' / ');
  return (reveal.correct_option_ids || []).map((id) => optionLabel(q, id)).join(', ');
}

// ----- bars: one row per option, its count and its share -----
export function buildBars(q) {
  return q.options.map((o, i) =>
    el(
      'div',
      { class: 'bar-row', dataset: { id: o.id } },
      el('div', { class: 'bar-label' }, o.label),
      el('div', { class: 'bar-track' }, el('div', { class: `bar-fill c${i % COLOURS}` })),
      el('div', { class: 'bar-value' }, el('strong', { class: 'bar-count' }, '0'), el('span', { class: 'bar-pct' }, '0%')),
    ),
  );
}

export function updateBars(chart, counts, total) {
  for (const row of chart.querySelectorAll('.bar-row')) {
    const n = counts[row.dataset.id] || 0;
    const percent = total ? Math.round((100 * n) / total) : 0;
    row.querySelector('.bar-fill').style.width = `${total ? (100 * n) / total : 0}%`;
    row.querySelector('.bar-count').textContent = String(n);
    row.querySelector('.bar-pct').textContent = `${percent}%`;
  }
}

/** A legend's row for option `o` (the `i`th): its numbered swatch, its label, then `figures`. */
export function legendRow(o, i, ...figures) {
  return el(
    'li',
    { class: 'legend-row', dataset: { id: o.id } },
    el('span', { class: `swatch c${i % COLOURS}`, 'aria-hidden': 'true' }, String(i + 1)),
    el('span', { class: 'bar-label' }, o.label),
    ...figures,
  );
}

// A donut: one circle per option whose dash is its share of all choices (circumference 100).
// Not colour alone: each part is numbered on the ring with its percentage, the legend repeats the
// number beside the label, and the picture's accessible name lists every option with its share.
export function buildDonut(q) {
  const ring = el(
    'svg',
    { class: 'donut-svg', viewBox: '-7 -7 56 56', role: 'img', 'aria-label': q.prompt },
    el('title', {}, q.prompt),
    el('circle', { class: 'donut-hole', cx: 21, cy: 21, r: 15.915 }),
    ...q.options.map((o, i) => el('circle', { class: `donut-part c${i % COLOURS}`, cx: 21, cy: 21, r: 15.915, dataset: { id: o.id } })),
    ...q.options.map((o, i) => el('text', { class: 'donut-label', x: 21, y: 21, 'text-anchor': 'middle', 'dominant-baseline': 'central', 'aria-hidden': 'true', dataset: { id: o.id, n: i + 1 } })),
  );
  const legend = el(
    'ul',
    { class: 'legend' },
    q.options.map((o, i) => legendRow(o, i, el('strong', { class: 'bar-count' }, '0'), el('span', { class: 'bar-pct' }, '0%'))),
  );
  return [el('div', { class: 'donut-box' }, ring), legend];
}

export function updateDonut(chart, q, counts) {
  const sum = q.options.reduce((s, o) => s + (counts[o.id] || 0), 0);
  const percent = (id) => (sum ? Math.round((100 * (counts[id] || 0)) / sum) : 0);
  let offset = 0;
  const labels = new Map([...chart.querySelectorAll('.donut-label')].map((t) => [t.dataset.id, t]));
  for (const part of chart.querySelectorAll('.donut-part')) {
    const share = sum ? (100 * (counts[part.dataset.id] || 0)) / sum : 0;
    part.style.strokeDasharray = `${share} ${100 - share}`;
    part.style.strokeDashoffset = String(25 - offset);
    // The part's number and percentage, just outside the ring at the middle of its arc.
    const label = labels.get(part.dataset.id);
    if (label) {
      const angle = ((offset + share / 2) / 100) * 2 * Math.PI;
      label.setAttribute('x', (21 + 22.5 * Math.sin(angle)).toFixed(2));
      label.setAttribute('y', (21 - 22.5 * Math.cos(angle)).toFixed(2));
      label.textContent = share >= 3 ? `${label.dataset.n}: ${percent(part.dataset.id)}%` : '';
    }
    offset += share;
  }
  for (const row of chart.querySelectorAll('.legend-row')) {
    const n = counts[row.dataset.id] || 0;
    row.querySelector('.bar-count').textContent = String(n);
    row.querySelector('.bar-pct').textContent = `${percent(row.dataset.id)}%`;
  }
  const svg = chart.querySelector('.donut-svg');
  if (svg) {
    const parts = q.options.map((o) => `${o.label}: ${percent(o.id)}% (${counts[o.id] || 0})`);
    svg.setAttribute('aria-label', `${q.prompt}. ${parts.join('; ')}`);
  }
}

// ----- pictures (media/): a question's image above its prompt, an option's picture -----
/** Where an uploaded image is served: the small one for phones, the large one for screens. */
export const mediaUrl = (mediaId, phone) => `/media/${encodeURIComponent(mediaId)}${phone ? '/phone' : ''}`;

/** The picture `image` ({media_id, alt}) as an img, or null when there is none. */
export function picture(image, { phone = false, className = '' } = {}) {
  if (!image?.media_id) return null;
  return el('img', { class: className, src: mediaUrl(image.media_id, phone), alt: image.alt || '', decoding: 'async' });
}

/** A question's image above its prompt, in a figure (null for a question without one). */
export function questionFigure(q, phone) {
  const img = picture(q.settings?.image, { phone });
  return img && el('figure', { class: 'q-image' }, img);
}

/** Bars with each option's picture beside its label (image choice on the presenter screen). */
export function buildPictureBars(q) {
  const rows = buildBars(q);
  q.options.forEach((o, i) => {
    const img = picture(o.image, { className: 'bar-pic' });
    if (img) rows[i].querySelector('.bar-label').before(img);
    else rows[i].querySelector('.bar-label').before(el('span', { class: 'bar-pic none', 'aria-hidden': 'true' }));
  });
  return rows;
}
