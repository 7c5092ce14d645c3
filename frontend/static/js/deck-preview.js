// The deck editor's stage: the chosen slide as the projector shows it or as a phone shows it,
// the real pages (pages/preview.py) in a frame drawn at their own size and scaled to the pane.
import { el, tr } from './common.js';

const PROJECTOR = { width: 1280, height: 720 }; // the frame's own size, scaled to fit the pane
const PHONE = { width: 390, height: 780 };

/** `current()`: the chosen slide (a question as the API gives it), or null. */
export function previewStage(current) {
  let view = 'projector';
  let frame = null;
  let frameReady = false;

  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const box = entry.target.querySelector('.preview-box');
      if (box) fit(box, box.classList.contains('phone') ? PHONE : PROJECTOR);
    }
  });

  /** Scale the frame (drawn at its real size) down to the stage's width (a phone: its height too). */
  function fit(box, size) {
    observer.observe(box.parentElement);
    const room = box.parentElement.clientWidth;
    const scale = Math.min(1, room / size.width, size === PHONE ? 520 / size.height : 1);
    box.style.setProperty('--scale', String(scale));
    box.style.setProperty('--frame-h', `${Math.round(size.height * scale)}px`);
  }

  /** The chosen slide in its frame: the projector's gets it posted (no reload), a phone's loads it. */
  function show() {
    const box = document.getElementById('preview-box');
    const q = current();
    if (!box) return;
    if (!q) {
      box.replaceChildren();
      frame = null;
      return;
    }
    const size = view === 'phone' ? PHONE : PROJECTOR;
    const title = tr(`dash.preview_title_${view}`, { prompt: q.prompt });
    if (frame && box.contains(frame) && view === 'projector' && frameReady) {
      frame.title = title;
      frame.contentWindow?.postMessage({ type: 'poll:preview', question: q }, location.origin);
      return;
    }
    frameReady = false;
    frame = el('iframe', {
      src: `/preview/${encodeURIComponent(q.id)}/${view}`,
      title,
      width: size.width,
      height: size.height,
      class: `preview-frame ${view}`,
      id: 'preview-frame',
      // No script runs in a phone's preview (the server draws it); the projector's runs present.js.
      sandbox: view === 'phone' ? 'allow-same-origin' : null,
      tabindex: '-1',
    });
    frame.addEventListener('load', () => {
      frameReady = true;
      const latest = current();
      if (view === 'projector' && latest) frame.contentWindow?.postMessage({ type: 'poll:preview', question: latest }, location.origin);
    });
    box.className = `preview-box ${view}`;
    box.replaceChildren(frame);
    fit(box, size);
  }

  return {
    /** The switch (projector or phone) and the box the frame goes in. */
    node() {
      const switcher = el(
        'div',
        { class: 'row preview-switch', role: 'group', 'aria-label': tr('dash.preview_as') },
        ...['projector', 'phone'].map((name) => {
          const b = el('button', { class: 'btn', type: 'button', id: `show-${name}`, 'aria-pressed': String(view === name) }, tr(`dash.preview_${name}`));
          b.addEventListener('click', () => {
            view = name;
            for (const other of switcher.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === b));
            frame = null;
            show();
          });
          return b;
        }),
      );
      return el('div', { class: 'deck-stage' }, switcher, el('div', { class: 'preview-box', id: 'preview-box' }));
    },
    show,
    /** The chosen slide changed on the server: a phone's preview loads again (the server draws it). */
    refresh() {
      if (view === 'phone') frame = null;
      show();
    },
    /** Another presentation: the projector again, in a new frame. */
    reset() {
      view = 'projector';
      frame = null;
    },
  };
}
