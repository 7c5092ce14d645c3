// The dashboard's image control (docs/media.md): choose one of the presentation's uploaded images
// or upload a new one, and describe it. The alt text is required: a picture without one is not
// saved, so every image the audience meets can be read out to people who cannot see it.
import { api, el, tr } from './common.js';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

/** The presentation's images, fetched once per question form and shared by its pickers. */
export function mediaLibrary(presentationId) {
  const url = `/api/presentations/${encodeURIComponent(presentationId)}/media`;
  let items = null;
  let asking = null; // the one request for the list while it is on its way
  const listeners = new Set();
  return {
    async list() {
      if (!items) {
        asking ??= api('GET', url).then((r) => (r.ok ? r.data.media : []));
        const fetched = await asking;
        items ??= fetched;
      }
      return items;
    },
    /** Send a file as it is (the body is the image); resolves to the stored image or throws the reason. */
    async upload(file) {
      let response;
      try {
        response = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' } });
      } catch {
        throw new Error(tr('common.offline'));
      }
      const data = await response.json().catch(() => null);
      if (!response.ok) throw new Error(typeof data?.detail === 'string' ? data.detail : tr('dash.image_failed'));
      items = [...(await this.list()).filter((m) => m.id !== data.id), data];
      for (const listener of listeners) listener();
      return data;
    },
    onChange: (listener) => listeners.add(listener),
  };
}

let made = 0;

/**
 * A picker for `image` ({media_id, alt} or null) under the legend `legendKey`: {node, read()};
 * read() gives {media_id, alt} or null, and throws the message to show when an image has no alt text.
 * `decorative`: an image that says nothing (a background): no alt text asked, read() gives {media_id}.
 */
export function imagePicker(library, image, legendKey, { decorative = false } = {}) {
  made += 1;
  const id = `img-${made}`;
  const select = el('select', { id, class: 'img-select' }, el('option', { value: '' }, tr('dash.image_none')));
  const file = el('input', { type: 'file', id: `${id}-file`, accept: ACCEPT, class: 'img-file' });
  const alt = el('input', { id: `${id}-alt`, maxLength: 300, value: image?.alt || '', class: 'img-alt' });
  const preview = el('img', { class: 'img-preview', alt: '', hidden: true });
  const status = el('p', { class: 'help img-status', role: 'status' });
  const altRow = el('div', { class: 'field' }, el('label', { class: 'label', for: alt.id }, tr('dash.image_alt')), alt);

  function show() {
    const chosen = select.value;
    preview.hidden = !chosen;
    altRow.hidden = !chosen || decorative;
    if (chosen) preview.src = `/media/${encodeURIComponent(chosen)}/phone`;
  }
  // Only the newest fill draws: the first one waits for the library's list, and on a slow line an
  // upload can finish first; drawing the older fill after it chose "no image" again and hid the
  // description the upload asked for.
  let fills = 0;
  async function fill(selected) {
    const mine = ++fills;
    const items = await library.list();
    if (mine !== fills) return;
    select.replaceChildren(
      el('option', { value: '' }, tr('dash.image_none')),
      ...items.map((m, i) => el('option', { value: m.id, selected: m.id === selected }, tr('dash.image_item', { n: i + 1, w: m.width, h: m.height }))),
    );
    if (selected && !items.some((m) => m.id === selected)) select.append(el('option', { value: selected, selected: true }, selected));
    show();
  }
  library.onChange(() => fill(select.value));
  select.addEventListener('change', show);
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    status.textContent = tr('dash.image_uploading');
    try {
      const stored = await library.upload(chosen);
      await fill(stored.id);
      select.dispatchEvent(new Event('change')); // the new image is the chosen one: say so
      if (!decorative) {
        status.textContent = tr('dash.image_uploaded');
        alt.focus();
      }
    } catch (problem) {
      status.textContent = problem.message;
    }
    file.value = '';
  });
  fill(image?.media_id || '');

  // A group named by its heading (not a fieldset: the form's fieldset is its options).
  const node = el(
    'div',
    { class: 'img-picker', role: 'group', 'aria-labelledby': `${id}-name` },
    el('p', { class: 'label', id: `${id}-name` }, tr(legendKey)),
    el('div', { class: 'row' }, el('label', { class: 'sr-only', for: id }, tr('dash.image_choose')), select, preview),
    el('div', { class: 'field' }, el('label', { class: 'label', for: file.id }, tr('dash.image_upload')), file),
    status,
    altRow,
  );
  return {
    node,
    /** Back to no image (the form was reset). */
    clear() {
      select.value = '';
      alt.value = '';
      show();
    },
    read() {
      if (!select.value) return null;
      if (decorative) return { media_id: select.value };
      if (!alt.value.trim()) {
        alt.focus();
        throw new Error(tr('dash.error_alt'));
      }
      return { media_id: select.value, alt: alt.value.trim() };
    },
  };
}
