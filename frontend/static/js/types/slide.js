// A content slide: a heading (the prompt), a text, bullets, a quote and a big number; no voting.
// The presenter shows it large; a phone shows "look at the screen" with the same words for the
// people at the back. The text arrives as `settings.text_html`, rendered by the server from a
// small Markdown subset with raw HTML off; it is rebuilt here from the few tags it may hold, so
// nothing else could ever reach the page.
import { el, tr } from '../common.js';
import { register } from './index.js';

const ALLOWED = new Set(['P', 'BR', 'EM', 'STRONG', 'CODE', 'UL', 'OL', 'LI']);

/** Rebuild allowed tags and text only (attributes, scripts and any other tag are dropped). */
function rebuilt(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const children = [...node.childNodes].map(rebuilt).filter(Boolean);
  if (!ALLOWED.has(node.tagName)) return children.length ? el('span', {}, children) : null;
  return el(node.tagName.toLowerCase(), {}, children);
}

/** The slide's text, bullets, quote and big number as nodes (the heading is the page's own). */
export function slideBody(q) {
  const s = q.settings;
  const parts = [];
  if (s.big_number) parts.push(el('p', { class: 'slide-number' }, el('strong', {}, s.big_number), s.big_number_label && el('span', {}, s.big_number_label)));
  if (s.text_html) {
    const doc = new DOMParser().parseFromString(`<body>${s.text_html}</body>`, 'text/html');
    parts.push(el('div', { class: 'slide-text' }, [...doc.body.childNodes].map(rebuilt).filter(Boolean)));
  }
  if (s.bullets?.length) parts.push(el('ul', { class: 'slide-bullets' }, s.bullets.map((b) => el('li', {}, b))));
  if (s.quote) parts.push(el('figure', { class: 'slide-quote' }, el('blockquote', {}, el('p', {}, s.quote)), s.quote_by && el('figcaption', {}, s.quote_by)));
  return parts;
}

// Nothing to answer: the phone shows `screen` instead of a form (phone.js asks `answered`).
export const form = {
  build: () => [],
  collect() {
    throw new Error('a content slide takes no answers');
  },
};

/** What the phone shows: look at the screen, and the slide's words. */
export const screen = (q) => [el('p', { class: 'note look' }, tr('phone.look_at_screen')), ...slideBody(q)];

export const rows = () => [];

export const optionIds = () => null;

export const view = {
  className: () => 'slide',
  build: (q) => slideBody(q),
  update() {},
};

// ----- the dashboard's editor -----
function listField(id, labelKey, values) {
  const input = el('textarea', { id, rows: 4, value: values.join('\n'), 'aria-describedby': `${id}-help` });
  const field = el('div', { class: 'field wide' }, el('label', { class: 'label', for: id }, tr(labelKey)), input, el('p', { class: 'help', id: `${id}-help` }, tr('dash.slide_bullets_help')));
  field.read = () => input.value.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 12);
  return field;
}

function areaField(id, labelKey, value, helpKey) {
  const input = el('textarea', { id, rows: 5, maxLength: 4000, value: value || '', 'aria-describedby': `${id}-help` });
  const field = el('div', { class: 'field wide' }, el('label', { class: 'label', for: id }, tr(labelKey)), input, el('p', { class: 'help', id: `${id}-help` }, tr(helpKey)));
  field.read = () => input.value.trim();
  return field;
}

export const editor = {
  options: null,
  summary: (q) => [tr('dash.summary_slide')],
  fields(settings, f) {
    const text = areaField('q-slide-text', 'dash.slide_text', settings.text, 'dash.slide_text_help');
    const bullets = listField('q-slide-bullets', 'dash.slide_bullets', settings.bullets || []);
    const quote = f.textField('q-slide-quote', 'dash.slide_quote', settings.quote, 500);
    const quoteBy = f.textField('q-slide-quote-by', 'dash.slide_quote_by', settings.quote_by, 100);
    const number = f.textField('q-slide-number', 'dash.slide_big_number', settings.big_number, 16);
    const numberLabel = f.textField('q-slide-number-label', 'dash.slide_big_number_label', settings.big_number_label, 100);
    const fill = f.checkField('q-slide-fill', 'dash.slide_image_fill', !!settings.image_fill);
    return {
      nodes: [text, bullets, quote, quoteBy, number, numberLabel, fill],
      read: () => ({
        text: text.read(),
        bullets: bullets.read(),
        quote: quote.read(),
        quote_by: quoteBy.read(),
        big_number: number.read(),
        big_number_label: numberLabel.read(),
        image_fill: fill.input.checked,
      }),
    };
  },
};

register('slide', { form, rows, optionIds, view, editor, screen, answered: false });
