// The phone page: join by code, vote, follow the presenter. Enhances the server-rendered forms.
import { LiveSocket, api, connectionPill, el, sleep, tr } from './common.js';

const body = document.body;
const code = body.dataset.code;
document.documentElement.classList.add('js');

if (body.dataset.view === 'join') setUpJoin();
else setUpRoom(JSON.parse(body.dataset.state));

function setUpJoin() {
  const form = document.getElementById('join-form');
  const input = document.getElementById('code');
  const error = document.getElementById('code-error');
  const button = form.querySelector('button');
  const showError = (key) => {
    error.textContent = tr(key);
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  };

  input.addEventListener('input', () => {
    // Digits only, shown as "1234 5678" like on the screen.
    const digits = input.value.replace(/\D/g, '').slice(0, 8);
    const shown = digits.length > 4 ? `${digits.slice(0, 4)} ${digits.slice(4)}` : digits;
    if (shown !== input.value) input.value = shown;
    error.hidden = true;
    input.removeAttribute('aria-invalid');
  });

  async function join() {
    const digits = input.value.replace(/\s+/g, '');
    if (!/^\d{8}$/.test(digits)) {
      showError('phone.error_code_format');
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = tr('phone.joining');
    const r = await api('POST', '/api/join', { join_code: digits });
    if (r.ok) {
      location.replace(`/${r.data.join_code}`);
      return;
    }
    button.disabled = false;
    button.textContent = tr('phone.join');
    if (r.status === 0) showError('phone.error_network');
    else if (r.status === 423) showError('phone.error_locked');
    else if (r.status === 429) showError('phone.error_too_many_codes');
    else showError('phone.error_not_found');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    join();
  });
  if (body.dataset.autojoin) join();
}

function randomKey() {
  // crypto.randomUUID needs https; getRandomValues works on a plain-http venue network too.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function setUpRoom(initial) {
  const main = document.getElementById('main');
  let state = initial;
  let shownKey = '';
  let results = null; // the newest results message body for the current question
  let justVoted = new URLSearchParams(location.search).get('voted');
  let message = null; // an error to show instead of the usual status
  let sending = false;
  let sendAgain = false;
  let instantTimer = 0;
  if (justVoted) history.replaceState(null, '', location.pathname);

  const question = () => state.question;
  const answered = () => {
    const q = question();
    return !!q && (state.my_response?.question_id === q.id || justVoted === q.id);
  };
  const locked = () => !state.voting_open || (answered() && !question().settings.allow_change);
  // One tap votes when a single answer may be changed later; otherwise there is a send button.
  const instant = () => !question().settings.multi_select && question().settings.allow_change !== false;

  function render() {
    const key = JSON.stringify([state.status, state.voting_open, question()]);
    if (key !== shownKey) {
      shownKey = key;
      main.replaceChildren(...view());
    }
    update();
  }

  function view() {
    if (state.status !== 'live') {
      return [el('section', { class: 'card center' }, el('h1', {}, tr('phone.ended_title')), el('p', {}, tr('phone.ended')))];
    }
    const q = question();
    if (!q) {
      return [el('section', { class: 'card center' }, el('h1', {}, tr('phone.waiting_title')), el('p', {}, tr('phone.waiting')))];
    }
    if (q.type !== 'multiple_choice') {
      return [el('section', { class: 'card' }, el('h1', { class: 'prompt' }, q.prompt), el('p', { class: 'note' }, tr('phone.unsupported')))];
    }
    const multi = !!q.settings.multi_select;
    const chosen = new Set(state.my_response?.question_id === q.id ? state.my_response.choice_ids : []);
    const form = el(
      'form',
      { id: 'vote-form', class: `card vote${instant() ? ' instant' : ''}`, method: 'post', action: `/${code}/vote` },
      el('input', { type: 'hidden', name: 'question_id', value: q.id }),
      el(
        'fieldset',
        {},
        el('legend', { class: 'prompt' }, q.prompt),
        el('p', { class: 'help' }, multi ? tr('phone.pick_many', { n: q.settings.max_choices || 1 }) : tr('phone.pick_one')),
        el(
          'div',
          { class: 'options' },
          q.options.map((o) =>
            el(
              'label',
              { class: 'option' },
              el('input', { type: multi ? 'checkbox' : 'radio', name: 'choice', value: o.id, checked: chosen.has(o.id) }),
              el('span', {}, o.label),
            ),
          ),
        ),
      ),
      el('button', { type: 'submit', class: 'btn primary big send' }, tr('phone.send')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    form.addEventListener('change', changed);
    const results = el('section', { id: 'results', class: 'card results', hidden: true });
    return [form, el('p', { id: 'status', class: 'msg', role: 'status', hidden: true }), results];
  }

  function update() {
    const form = document.getElementById('vote-form');
    if (form) {
      const isLocked = locked();
      form.querySelector('fieldset').disabled = isLocked;
      const button = form.querySelector('.send');
      button.hidden = isLocked;
      button.disabled = sending;
      button.textContent = tr(sending ? 'phone.sending' : answered() ? 'phone.change' : 'phone.send');
      limitChoices(form);
    }
    const status = document.getElementById('status');
    if (status) {
      const [kind, text] = statusLine();
      status.className = `msg ${kind}`;
      status.textContent = text;
      status.hidden = !text;
    }
    drawResults();
  }

  function statusLine() {
    const q = question();
    if (message) return ['error', tr(message, { n: q?.settings.max_choices || 1 })];
    if (!q) return ['', ''];
    const change = q.settings.allow_change ? ` ${tr('phone.can_change')}` : '';
    if (!state.voting_open) return ['info', tr('phone.closed') + (answered() ? ` ${tr('phone.in_final')}` : '')];
    if (sending) return ['', tr('phone.sending')];
    if (justVoted === q.id) return ['ok pop', tr('phone.received') + change];
    if (answered()) return ['ok', tr('phone.in_final') + change];
    return ['', ''];
  }

  function limitChoices(form) {
    const q = question();
    if (!q.settings.multi_select || locked()) return;
    const boxes = [...form.querySelectorAll('input[name=choice]')];
    const full = boxes.filter((b) => b.checked).length >= (q.settings.max_choices || boxes.length);
    for (const box of boxes) box.disabled = full && !box.checked;
  }

  function changed() {
    message = null;
    update();
    if (instant()) {
      // A burst of changes (arrow keys through the options) sends one vote.
      clearTimeout(instantTimer);
      instantTimer = setTimeout(send, 250);
    }
  }

  async function send() {
    const q = question();
    const form = document.getElementById('vote-form');
    if (!q || !form || locked()) return;
    if (sending) {
      sendAgain = true;
      return;
    }
    const choices = [...form.querySelectorAll('input[name=choice]:checked')].map((i) => i.value);
    if (!choices.length) {
      message = 'phone.error_pick';
      update();
      return;
    }
    sending = true;
    message = null;
    update();
    const key = randomKey();
    let r;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      // A retry carries the same Idempotency-Key: the vote is stored once, whatever happened.
      r = await api('POST', `/api/join/${code}/responses`, { question_id: q.id, choice_ids: choices }, { 'Idempotency-Key': key });
      if (r.status !== 0 && r.status !== 503) break;
      await sleep(300 + Math.random() * 500 * 2 ** attempt);
    }
    sending = false;
    if (r.ok) {
      justVoted = q.id;
      if (question()?.id === q.id) state = { ...state, my_response: { question_id: q.id, choice_ids: choices } };
    } else if (r.status === 401 || r.status === 404) {
      location.replace(`/${code}`);
      return;
    } else {
      message =
        { 409: 'phone.error_no_change', 423: 'phone.error_closed', 422: 'phone.error_pick', 429: 'phone.error_slow_down' }[r.status] ||
        'phone.error_network';
    }
    update();
    if (sendAgain) {
      sendAgain = false;
      if (!message) send();
    }
  }

  function drawResults() {
    const box = document.getElementById('results');
    const q = question();
    if (!box) return;
    const show = !!q && state.results_visible && results?.question_id === q.id && (answered() || !state.voting_open);
    box.hidden = !show;
    if (!show) return;
    const counts = results.tally.counts || {};
    const total = results.response_count;
    box.replaceChildren(
      el('h2', {}, tr('phone.results_title')),
      ...q.options.map((o) => {
        const percent = total ? Math.round((100 * (counts[o.id] || 0)) / total) : 0;
        return el(
          'div',
          { class: 'result' },
          el('span', { class: 'result-label' }, o.label),
          el('span', { class: 'result-num' }, `${percent}%`),
          el('svg', { class: 'meter', viewBox: '0 0 100 4', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, el('rect', { width: percent, height: 4 })),
        );
      }),
    );
  }

  const socket = new LiveSocket(`/ws/join/${code}`, {
    onMessage(msg) {
      if (msg.type === 'state') {
        if (msg.state.question?.id !== question()?.id) {
          results = null;
          message = null;
        } else if (state.my_response && !msg.state.my_response) {
          // The presenter reset this question: answer it afresh.
          justVoted = null;
          shownKey = '';
        }
        state = msg.state;
        render();
      } else if (msg.type === 'results') {
        results = msg.result;
        drawResults();
      }
    },
    onStatus: connectionPill(document.getElementById('live')),
    async onRefused() {
      // The room no longer knows this phone (or the code is wrong): check, then join again.
      const r = await api('GET', `/api/join/${code}/state`);
      if (r.status === 401 || r.status === 404) {
        socket.stop();
        location.replace(`/${code}`);
      }
    },
  });
  render();
}
