// The dashboard's PDF deck control (docs/media.md#a-pdf-deck): the talk's PDF is sent as it is
// (the body is the file), with the upload's progress; the server makes a slide of every page
// and says how many it added, or why it refused the file.
import { el, tr } from './common.js';

const limits = JSON.parse(document.body.dataset.pdfLimits || '{"pages":200,"mb":50}');

/** Send `file` to `url`, reporting the share sent (0 to 1); resolves to the answer's JSON or throws the reason. */
function send(url, file, progressed) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('Content-Type', 'application/pdf');
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (event) => event.lengthComputable && progressed(event.loaded / event.total));
    request.upload.addEventListener('load', () => progressed(1));
    request.addEventListener('load', () => {
      let data = null;
      try {
        data = JSON.parse(request.responseText);
      } catch {
        data = null;
      }
      if (request.status === 201) return resolve(data);
      if (request.status === 503) return reject(new Error(tr('dash.pdf_busy')));
      const detail = typeof data?.detail === 'string' ? data.detail : '';
      reject(new Error(detail ? tr('dash.failed', { detail }) : tr('dash.pdf_failed')));
    });
    request.addEventListener('error', () => reject(new Error(tr('common.no_network'))));
    request.send(file);
  });
}

/** "Add the talk's slides from a PDF": a file, where its pages go, the progress, then `added(result)`. */
export function pdfDeckUpload(presentation, added) {
  const input = el('input', { type: 'file', id: 'pdf-file', accept: 'application/pdf,.pdf', 'aria-describedby': 'pdf-help' });
  const where = el(
    'select',
    { id: 'pdf-position' },
    el('option', { value: '' }, tr('dash.pdf_at_end')),
    ...presentation.questions.map((q, i) => el('option', { value: String(i) }, tr('dash.pdf_before', { n: i + 1, prompt: q.prompt.slice(0, 60) }))),
  );
  const progress = el('progress', { id: 'pdf-progress', max: 100, value: 0, hidden: true, 'aria-label': tr('dash.pdf_progress') });
  const note = el('p', { class: 'msg', id: 'pdf-note', role: 'status', hidden: true });
  const submit = el('button', { class: 'btn', type: 'submit' }, tr('dash.pdf_upload'));
  const say = (text, ok = false) => {
    note.hidden = !text;
    note.textContent = text;
    note.classList.toggle('ok', ok);
  };
  const form = el(
    'form',
    { class: 'stack', id: 'pdf-deck' },
    el('label', { class: 'label', for: 'pdf-file' }, tr('dash.pdf_file')),
    el('p', { class: 'help', id: 'pdf-help' }, tr('dash.pdf_help', limits)),
    input,
    el('label', { class: 'label', for: 'pdf-position' }, tr('dash.pdf_position')),
    where,
    el('div', { class: 'row' }, submit),
    progress,
    note,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return say(tr('dash.file_needed'));
    const position = where.value === '' ? '' : `?position=${where.value}`;
    submit.disabled = true;
    progress.hidden = false;
    const progressed = (share) => {
      progress.value = Math.round(share * 100);
      say(share < 1 ? tr('dash.pdf_uploading', { percent: progress.value }) : tr('dash.pdf_rendering'));
    };
    progressed(0);
    try {
      const result = await send(`/api/presentations/${encodeURIComponent(presentation.id)}/pdf-deck${position}`, file, progressed);
      input.value = '';
      added(result);
    } catch (error) {
      say(error.message);
    } finally {
      submit.disabled = false;
      progress.hidden = true;
    }
  });
  return el('details', { class: 'pdf-deck' }, el('summary', {}, tr('dash.pdf_title')), form);
}
