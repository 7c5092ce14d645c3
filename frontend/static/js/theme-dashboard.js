// The theme editor on the dashboard (routes: /api/presentations/{pid}/theme, /api/themes/default):
// colours and a font for the presenter, the phones and the shared results page, a live preview,
// and each pair's contrast as it is typed. The server decides on save (WCAG AA, 422 naming the
// pair); this mirrors its rule from the data the page carries (themes/editor.py).
import { el, tr } from './common.js';
import { imagePicker, mediaLibrary } from './image-picker.js';

const RULES = JSON.parse(document.body.dataset.themeEditor || '{}');
const COLOURS = ['background', 'surface', 'text', 'muted', 'accent', 'on_accent', 'banner', 'on_banner'];
const HEX = /^#[0-9a-f]{6}$/;

/** WCAG 2.x relative luminance of #rrggbb. */
export function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Cut, never rounded up: a failing 4.499 shows 4.49:1. */
const shown = (value) => `${(Math.floor(value * 100) / 100).toFixed(2)}:1`;

function barsFor(background) {
  const worst = (set) => Math.min(...set.map((c) => ratio(c, background)));
  return worst(RULES.bars.dark) >= worst(RULES.bars.bright) ? RULES.bars.dark : RULES.bars.bright;
}

/** The scrim (the background colour at RULES.scrim.alpha) over a black and over a white image. */
function scrimGrounds(background) {
  const over = (under) => `#${[1, 3, 5].map((i) => Math.round(RULES.scrim.alpha * parseInt(background.slice(i, i + 2), 16) + (1 - RULES.scrim.alpha) * under).toString(16).padStart(2, '0')).join('')}`;
  return [['the scrim over a black image', over(0)], ['the scrim over a white image', over(255)]];
}

/** Every pair of a theme, as the server lists them (the scrim's too when it has a background image). */
export function checks(theme) {
  const list = RULES.pairs.map(({ fg, ground, required }) => ({
    pair: `${fg} on ${ground}`,
    ratio: ratio(theme[fg], theme[ground]),
    required,
  }));
  barsFor(theme.background).forEach((bar, i) => {
    for (const ground of ['background', 'surface']) {
      list.push({ pair: `bar colour ${i + 1} (${bar}) on ${ground}`, ratio: ratio(bar, theme[ground]), required: RULES.bars_required });
    }
  });
  if (theme.background_image) {
    for (const [where, ground] of scrimGrounds(theme.background)) {
      for (const fg of RULES.scrim.text) list.push({ pair: `${fg} on ${where}`, ratio: ratio(theme[fg], ground), required: RULES.scrim.required });
    }
  }
  return list.map((c) => ({ ...c, passes: c.ratio >= c.required }));
}

function colourField(name, value, onChange) {
  const id = `theme-${name}`;
  const text = el('input', { id, value, maxLength: 7, size: 8, spellcheck: false, autocomplete: 'off', 'aria-describedby': `${id}-hint` });
  const picker = el('input', { type: 'color', value, 'aria-label': tr('dash.theme_pick', { name: tr(`dash.theme_${name}`) }) });
  text.addEventListener('input', () => {
    const hex = text.value.trim().toLowerCase();
    text.setAttribute('aria-invalid', String(!HEX.test(hex)));
    if (HEX.test(hex)) {
      picker.value = hex;
      onChange();
    }
  });
  picker.addEventListener('input', () => {
    text.value = picker.value;
    text.setAttribute('aria-invalid', 'false');
    onChange();
  });
  const field = el(
    'div',
    { class: 'theme-colour' },
    el('label', { class: 'label', for: id }, tr(`dash.theme_${name}`)),
    el('div', { class: 'row' }, picker, text),
    el('p', { class: 'help', id: `${id}-hint` }, tr(`dash.theme_${name}_help`)),
  );
  field.read = () => (HEX.test(text.value.trim().toLowerCase()) ? text.value.trim().toLowerCase() : null);
  return field;
}

function preview() {
  const bars = [0, 1, 2].map(() => el('span', { class: 'tp-bar' }, el('span', { class: 'tp-fill' })));
  const box = el(
    'div',
    { class: 'theme-preview', role: 'group', 'aria-label': tr('dash.theme_preview') },
    el('div', { class: 'tp-banner' }, tr('dash.theme_preview_join'), ' ', el('b', {}, '1234 5678')),
    el('div', { class: 'tp-stage' }, el('p', { class: 'tp-prompt' }, tr('dash.theme_preview_prompt')), el('p', { class: 'tp-muted' }, tr('dash.theme_preview_meta')), el('div', { class: 'tp-bars' }, bars)),
    el('div', { class: 'tp-card' }, el('p', { class: 'tp-text' }, tr('dash.theme_preview_card')), el('span', { class: 'tp-button' }, tr('dash.theme_preview_button'))),
  );
  box.paint = (theme) => {
    // CSSOM properties (allowed by the page's CSP), never a style attribute in markup.
    const set = (selector, props) => box.querySelectorAll(selector).forEach((node) => Object.assign(node.style, props));
    const stack = RULES.fonts.find((f) => f.id === theme.font)?.stack || '';
    set('.tp-banner', { background: theme.banner, color: theme.on_banner });
    set('.tp-stage', { background: theme.background, color: theme.text });
    set('.tp-muted', { color: theme.muted });
    set('.tp-card', { background: theme.surface, color: theme.text });
    set('.tp-button', { background: theme.accent, color: theme.on_accent });
    set('.tp-bar', { background: theme.surface });
    box.style.fontFamily = stack;
    const palette = barsFor(theme.background);
    box.querySelectorAll('.tp-fill').forEach((node, i) => Object.assign(node.style, { background: palette[i], width: `${[62, 38, 20][i]}%` }));
  };
  return box;
}

/** The theme card for `presentation`. `saved(theme)` is told of a stored change. */
export function themeCard({ call, problem, presentation, saved }) {
  const start = { ...RULES.defaults, ...(presentation.theme || {}) };
  const fields = Object.fromEntries(COLOURS.map((name) => [name, colourField(name, start[name], () => redraw())]));
  const font = el(
    'select',
    { id: 'theme-font' },
    RULES.fonts.map((f) => el('option', { value: f.id, selected: f.id === start.font }, f.name)),
  );
  font.addEventListener('change', () => redraw());
  const library = mediaLibrary(presentation.id);
  const logo = imagePicker(library, start.logo || null, 'dash.theme_logo');
  const backdrop = imagePicker(library, start.background_image ? { media_id: start.background_image } : null, 'dash.theme_background_image', { decorative: true });
  backdrop.node.querySelector('select').addEventListener('change', () => redraw());
  const swatch = preview();
  const rows = el('tbody');
  const summary = el('p', { class: 'msg', id: 'theme-summary', role: 'status' });
  const note = el('p', { class: 'msg', id: 'theme-note', role: 'status', hidden: true });

  const current = () => {
    const theme = { font: font.value, background_image: backdrop.read()?.media_id || null };
    for (const name of COLOURS) theme[name] = fields[name].read();
    return COLOURS.every((name) => theme[name]) ? theme : null;
  };

  function redraw() {
    const theme = current();
    if (!theme) {
      summary.className = 'msg error';
      summary.textContent = tr('dash.theme_bad_colour');
      return;
    }
    swatch.paint(theme);
    const list = checks(theme);
    rows.replaceChildren(
      ...list.map((c) =>
        el(
          'tr',
          { class: c.passes ? 'pass' : 'fail' },
          el('th', { scope: 'row' }, c.pair),
          el('td', {}, shown(c.ratio)),
          el('td', {}, `${c.required}:1`),
          el('td', {}, c.passes ? tr('dash.theme_pass') : tr('dash.theme_fail')),
        ),
      ),
    );
    const failing = list.filter((c) => !c.passes);
    summary.className = `msg ${failing.length ? 'error' : 'ok'}`;
    summary.textContent = failing.length
      ? tr('dash.theme_failing', { n: failing.length, pairs: failing.map((c) => `${c.pair} ${shown(c.ratio)}`).join('; ') })
      : tr('dash.theme_all_pass');
  }

  async function send(method, url, body, done) {
    const r = await call(method, url, body);
    note.hidden = false;
    note.className = `msg ${r.ok ? 'ok' : 'error'}`;
    note.textContent = r.ok ? done : problem(r);
    return r;
  }

  const save = el('button', { class: 'btn primary', type: 'submit' }, tr('dash.theme_save'));
  const reset = el('button', { class: 'btn', type: 'button' }, tr('dash.theme_reset'));
  const makeDefault = el('button', { class: 'btn', type: 'button' }, tr('dash.theme_make_default'));
  const form = el(
    'form',
    { class: 'theme-form', 'aria-describedby': 'theme-summary' },
    el('div', { class: 'theme-fields' }, COLOURS.map((name) => fields[name]), el('div', { class: 'theme-colour' }, el('label', { class: 'label', for: 'theme-font' }, tr('dash.theme_font')), font, el('p', { class: 'help' }, tr('dash.theme_font_help')))),
    swatch,
    el('table', { class: 'theme-contrast' }, el('caption', {}, tr('dash.theme_contrast')), el('thead', {}, el('tr', {}, ['dash.theme_pair', 'dash.theme_ratio', 'dash.theme_needs', 'dash.theme_result'].map((k) => el('th', { scope: 'col' }, tr(k))))), rows),
    summary,
    logo.node,
    backdrop.node,
    el('p', { class: 'help' }, tr('dash.theme_background_help')),
    el('div', { class: 'row' }, save, makeDefault, reset),
    note,
    el('p', { class: 'help' }, tr('dash.theme_media_default')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const theme = current();
    if (!theme) return;
    try {
      theme.logo = logo.read();
    } catch (problem) {
      note.hidden = false;
      note.className = 'msg error';
      note.textContent = problem.message;
      return;
    }
    const r = await send('PUT', `/api/presentations/${presentation.id}/theme`, theme, tr('dash.theme_saved'));
    if (r.ok) saved(r.data.theme);
  });
  makeDefault.addEventListener('click', async () => {
    const theme = current();
    // A default theme holds colours and the font only (the images belong to this presentation).
    if (theme) await send('PUT', '/api/themes/default', { ...theme, background_image: null }, tr('dash.theme_default_saved'));
  });
  reset.addEventListener('click', async () => {
    const r = await send('DELETE', `/api/presentations/${presentation.id}/theme`, undefined, tr('dash.theme_reset_done'));
    if (!r.ok) return;
    for (const name of COLOURS) {
      const input = fields[name].querySelector('input:not([type=color])');
      input.value = RULES.defaults[name];
      fields[name].querySelector('input[type=color]').value = RULES.defaults[name];
    }
    font.value = RULES.defaults.font;
    logo.clear();
    backdrop.clear();
    redraw();
    saved(null);
  });
  redraw();
  return el('section', { class: 'card', id: 'theme-card' }, el('h2', {}, tr('dash.theme')), el('p', { class: 'help' }, tr('dash.theme_help')), form);
}
