// The phone page: join by code, vote, follow the presenter. Enhances the server-rendered forms.
import { LiveSocket, api, connectionPill, el, sleep, tr } from './common.js';
import { startPlay } from './play-phone.js';
import { resultRows } from './result-rows.js';
import { createSurvey } from './survey-phone.js';

const body = document.body;
const code = body.dataset.code;
document.documentElement.classList.add('js');

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

const REACTIONS = ['👍', '❤️', '😂', '👏', '🎉', '😮'];

/** Characters as a person counts them (an emoji with its skin tone is one), as the server does. */
function characters(text) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) return [...new Intl.Segmenter().segment(text)].length;
  return [...text].length;
}

/** How many answers one phone may send to a question (1 unless it takes several). */
const most = (q) => (q.settings.multiple_submissions ? q.settings.max_submissions || 5 : 1);

class Problem extends Error {
  constructor(key, values = {}) {
    super(key);
    this.key = key;
    this.values = values;
  }
}

// ----- the answer form of each question type: build(q, mine, ctx) -> nodes; collect(form, q, ctx) -> body -----
const TYPES = {
  multiple_choice: {
    build(q, mine) {
      const multi = !!q.settings.multi_select;
      const chosen = new Set(mine?.choice_ids || []);
      return [
        el('p', { class: 'help' }, multi ? tr('phone.pick_many', { n: q.settings.max_choices || 1 }) : tr('phone.pick_one')),
        el(
          'div',
          { class: 'options' },
          q.options.map((o) =>
            el('label', { class: 'option' }, el('input', { type: multi ? 'checkbox' : 'radio', name: 'choice', value: o.id, checked: chosen.has(o.id) }), el('span', {}, o.label)),
          ),
        ),
      ];
    },
    collect(form, q) {
      const choices = [...form.querySelectorAll('input[name=choice]:checked')].map((i) => i.value);
      if (!choices.length) throw new Problem('phone.error_pick');
      if (choices.length > (q.settings.max_choices || 1)) throw new Problem('phone.error_too_many_choices', { n: q.settings.max_choices || 1 });
      return { choice_ids: choices };
    },
  },

  word_cloud: {
    build(q, mine) {
      const n = q.settings.max_entries || 1;
      const words = mine?.entries || [];
      return [
        el('p', { class: 'help' }, n > 1 ? tr('phone.words_help_many', { n }) : tr('phone.words_help_one')),
        el(
          'div',
          { class: 'entries' },
          Array.from({ length: n }, (_, i) => [
            el('label', { class: 'sr-only', for: `entry-${i}` }, tr('phone.word_label', { n: i + 1 })),
            el('input', { id: `entry-${i}`, class: 'entry', name: 'entry', maxLength: q.settings.max_length || 40, autocomplete: 'off', autocapitalize: 'off', enterKeyHint: 'send', value: words[i] || '' }),
          ]),
        ),
      ];
    },
    collect(form) {
      const entries = [...form.querySelectorAll('input[name=entry]')].map((i) => i.value.trim()).filter(Boolean);
      if (!entries.length) throw new Problem('phone.error_word');
      return { entries };
    },
  },

  open_text: {
    build(q, mine) {
      // No maxlength: browsers count it differently from people; the counter says when it is too long.
      return [
        el('label', { class: 'sr-only', for: 'answer-text' }, tr('phone.text_label')),
        el('textarea', { id: 'answer-text', class: 'answer-text', name: 'text', rows: 5, 'aria-describedby': 'text-count', value: mine?.text || '' }),
        el('p', { id: 'text-count', class: 'help count', 'aria-live': 'polite' }),
      ];
    },
    update(form, q) {
      const left = (q.settings.max_length || 280) - characters(form.querySelector('textarea').value.trim());
      const count = document.getElementById('text-count');
      count.textContent = left < 0 ? tr('phone.chars_over', { n: -left }) : tr('phone.chars_left', { n: left });
      count.classList.toggle('over', left < 0);
    },
    collect(form, q) {
      const text = form.querySelector('textarea').value;
      if (!text.trim()) throw new Problem('phone.error_text');
      if (characters(text.trim()) > (q.settings.max_length || 280)) throw new Problem('phone.error_too_long');
      return { text };
    },
  },

  scale: {
    build(q, mine) {
      const s = q.settings;
      const steps = s.steps || 5;
      const ratings = mine?.ratings || {};
      const cols = steps <= 6 ? steps : Math.ceil(steps / 2);
      const end = (n) => (n === 1 && s.min_label ? ` (${s.min_label})` : n === steps && s.max_label ? ` (${s.max_label})` : '');
      return [
        el('p', { class: 'help' }, tr('phone.scale_help', { n: steps })),
        q.options.map((o) =>
          el(
            'fieldset',
            { class: 'statement' },
            el('legend', { class: 'statement-label' }, o.label),
            el(
              'div',
              { class: 'steps', dataset: { cols } },
              Array.from({ length: steps }, (_, i) =>
                el(
                  'label',
                  { class: 'step' },
                  el('input', { type: 'radio', name: `rate.${o.id}`, value: i + 1, checked: ratings[o.id] === i + 1 }),
                  el('span', {}, String(i + 1)),
                  end(i + 1) && el('span', { class: 'sr-only' }, end(i + 1)),
                ),
              ),
            ),
            (s.min_label || s.max_label) && el('p', { class: 'ends', 'aria-hidden': 'true' }, el('span', {}, s.min_label), el('span', {}, s.max_label)),
            s.allow_skip !== false &&
              el(
                'label',
                { class: 'step skip' },
                el('input', { type: 'radio', name: `rate.${o.id}`, value: 'skip', checked: o.id in ratings && ratings[o.id] === null }),
                el('span', {}, tr('phone.skip')),
              ),
          ),
        ),
      ];
    },
    collect(form, q) {
      const skip = q.settings.allow_skip !== false;
      const ratings = {};
      for (const o of q.options) {
        const value = form.querySelector(`input[name="rate.${CSS.escape(o.id)}"]:checked`)?.value;
        if (value && value !== 'skip') ratings[o.id] = Number(value);
        else if (skip) ratings[o.id] = null; // left open, or skipped on purpose
        else throw new Problem('phone.error_rate');
      }
      if (Object.values(ratings).every((v) => v === null)) throw new Problem('phone.error_rate_one');
      return { ratings };
    },
  },

  ranking: {
    build(q, mine, ctx) {
      const known = new Set(q.options.map((o) => o.id));
      const saved = (mine?.order || []).filter((id) => known.has(id));
      ctx.order = saved.length === q.options.length ? [...saved] : q.options.map((o) => o.id);
      const list = el('ol', { class: 'ranks movable' });
      for (const o of q.options) {
        const up = el('button', { type: 'button', class: 'move up', 'aria-label': tr('phone.move_up', { item: o.label }), dataset: { step: -1 } }, '↑');
        const down = el('button', { type: 'button', class: 'move down', 'aria-label': tr('phone.move_down', { item: o.label }), dataset: { step: 1 } }, '↓');
        list.append(el('li', { class: 'rank', dataset: { id: o.id } }, el('span', { class: 'rank-num', 'aria-hidden': 'true' }), el('span', { class: 'rank-label' }, o.label), up, down));
      }
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
        const label = q.options.find((o) => o.id === id).label;
        document.getElementById('rank-news').textContent = tr('phone.moved', { item: label, n: to + 1 });
      });
      return [el('p', { class: 'help' }, tr('phone.rank_help')), list, el('p', { id: 'rank-news', class: 'sr-only', 'aria-live': 'polite' })];
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
  },

  points: {
    build(q, mine) {
      const given = mine?.points || {};
      return [
        el('p', { class: 'help' }, tr('phone.points_help', { n: q.settings.total || 100 })),
        el(
          'div',
          { class: 'points' },
          q.options.map((o) =>
            el(
              'div',
              { class: 'points-row' },
              el('label', { class: 'points-label', for: `points-${o.id}` }, o.label),
              el('input', {
                id: `points-${o.id}`,
                class: 'points-input',
                type: 'number',
                inputMode: 'numeric',
                min: 0,
                max: q.settings.total || 100,
                step: 1,
                name: `points.${o.id}`,
                placeholder: '0',
                value: given[o.id] ? String(given[o.id]) : '',
                dataset: { id: o.id },
              }),
            ),
          ),
        ),
        el('p', { id: 'points-left', class: 'help count', 'aria-live': 'polite' }),
      ];
    },
    spent(form) {
      let sum = 0;
      let bad = false;
      for (const input of form.querySelectorAll('.points-input')) {
        const text = input.value.trim();
        if (!text) continue;
        if (!/^\d{1,6}$/.test(text)) bad = true;
        else sum += Number(text);
      }
      return { sum, bad };
    },
    update(form, q) {
      const total = q.settings.total || 100;
      const { sum } = TYPES.points.spent(form);
      const left = document.getElementById('points-left');
      left.textContent = sum > total ? tr('phone.points_over', { n: sum - total }) : tr('phone.points_left', { n: total - sum, total });
      left.classList.toggle('over', sum > total);
    },
    collect(form, q) {
      const total = q.settings.total || 100;
      const { sum, bad } = TYPES.points.spent(form);
      if (bad || (form.querySelector('.points-input:invalid') && sum <= total)) throw new Problem('phone.error_points_number');
      if (sum > total) throw new Problem('phone.error_points_over', { n: total });
      if (sum === 0) throw new Problem('phone.error_points_none');
      const points = {};
      for (const input of form.querySelectorAll('.points-input')) points[input.dataset.id] = Number(input.value.trim() || 0);
      return { points };
    },
  },
};

// A quiz is answered like multiple choice; play-phone.js adds the countdown, reveal and leaderboard.
TYPES.quiz = TYPES.multiple_choice;

function setUpRoom(initial) {
  const main = document.getElementById('main');
  let state = initial;
  let shownKey = '';
  let results = null; // the newest results message body for the current question
  let justVoted = new URLSearchParams(location.search).get('voted');
  let message = null; // a Problem to show instead of the usual status
  let sending = false;
  let sendAgain = false;
  // The phone's own network (the socket can look open for a while after it is gone): offline, an
  // answer waits (queued) and goes out when the network is back, with a fresh Idempotency-Key.
  let offline = navigator.onLine === false;
  let queued = false;
  let instantTimer = 0;
  let sent = Number(body.dataset.sent) || 0; // answers sent to a question that takes several
  const ctx = { order: [], changed: () => changed() };
  const survey = createSurvey({ main, code, TYPES, Problem, randomKey });
  startPlay({ code, main, initial });
  if (justVoted) history.replaceState(null, '', location.pathname);

  const question = () => state.question;
  const kind = () => TYPES[question()?.type];
  const mine = () => (state.my_response?.question_id === question()?.id ? state.my_response : null);
  const answered = () => {
    const q = question();
    return !!q && (!!mine() || justVoted === q.id);
  };
  const left = () => most(question()) - sent;
  const locked = () => {
    const q = question();
    if (!state.voting_open) return true;
    return most(q) > 1 ? left() <= 0 : answered() && !q.settings.allow_change;
  };
  // One tap votes when a single answer may be changed later; otherwise there is a send button.
  const instant = () => question().type === 'multiple_choice' && !question().settings.multi_select && question().settings.allow_change !== false;

  let lostFocus = null; // the control that had the focus when the view last disabled it
  let shownQuestionId = null;

  function network(online) {
    offline = !online;
    document.body.dataset.network = online ? 'online' : 'offline';
    update();
    if (online && queued) {
      queued = false;
      send();
    }
  }
  window.addEventListener('offline', () => network(false));
  window.addEventListener('online', () => network(true));

  function render() {
    if (state.pacing === 'audience') return survey.render(state); // a self-paced survey
    // Key order differs between the page's embedded state and the socket's: compare sorted.
    const key = stableJson([state.status, state.voting_open, question()]);
    let wanted = null;
    if (key !== shownKey) {
      const sameQuestion = shownQuestionId !== null && shownQuestionId === question()?.id;
      // Text typed into the same question survives a new view, and so does text typed into the
      // page's own form (no scripts yet) before this script took over: a slow phone loses nothing.
      const typed = sameQuestion || shownQuestionId === null ? typedText() : [];
      shownKey = key;
      shownQuestionId = question()?.id ?? null;
      // A new view must not throw the keyboard (or screen reader) user back to the top. While
      // voting is closed the answers are disabled and cannot hold the focus: it comes back to
      // the same answer when they open again.
      const active = document.activeElement;
      wanted = main.contains(active) ? focusSelector(active) : !active || active === document.body ? lostFocus : null;
      main.replaceChildren(...view());
      for (const [id, value] of typed) {
        const field = document.getElementById(id);
        if (field && !field.value) {
          field.value = value;
          field.dispatchEvent(new Event('input', { bubbles: true })); // the character count
        }
      }
    }
    update();
    if (wanted) {
      const again = main.querySelector(wanted);
      const usable = again && !again.matches(':disabled');
      if (usable) again.focus();
      lostFocus = usable ? null : wanted;
    }
  }

  // What the participant has typed but not sent, to carry into a rebuilt view of the same question.
  function typedText() {
    return [...main.querySelectorAll('textarea[id], input[id]:not([type=radio]):not([type=checkbox]):not([type=hidden])')]
      .filter((field) => field.value)
      .map((field) => [field.id, field.value]);
  }

  function stableJson(value) {
    return JSON.stringify(value, (_key, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
  }

  // How to find the same control in a freshly built view: its id, an answer's name and value,
  // or the send button.
  function focusSelector(node) {
    if (node.id) return `#${CSS.escape(node.id)}`;
    if (node.name && (node.type === 'radio' || node.type === 'checkbox')) {
      return `input[name="${CSS.escape(node.name)}"][value="${CSS.escape(node.value)}"]`;
    }
    return node.matches('button.send') ? 'button.send' : null;
  }

  function view() {
    if (state.status !== 'live') {
      return [el('section', { class: 'card center' }, el('h1', {}, tr('phone.ended_title')), el('p', {}, tr('phone.ended')))];
    }
    const q = question();
    if (!q) {
      return [el('section', { class: 'card center' }, el('h1', {}, tr('phone.waiting_title')), el('p', {}, tr('phone.waiting')))];
    }
    if (!kind()) {
      return [el('section', { class: 'card' }, el('h1', { class: 'prompt' }, q.prompt), el('p', { class: 'note' }, tr('phone.unsupported')))];
    }
    // A question that takes several answers starts each one from an empty form.
    const fill = most(q) > 1 ? null : mine();
    const form = el(
      'form',
      { id: 'vote-form', class: `card vote${instant() ? ' instant' : ''}`, method: 'post', action: `/${code}/vote`, dataset: { type: q.type } },
      el('input', { type: 'hidden', name: 'question_id', value: q.id }),
      el('fieldset', {}, el('legend', { class: 'prompt' }, el('h1', {}, q.prompt)), kind().build(q, fill, ctx)),
      el('button', { type: 'submit', class: 'btn primary big send' }, tr('phone.send')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    form.addEventListener('change', changed);
    form.addEventListener('input', () => kind().update?.(form, q, ctx));
    return [
      form,
      el('p', { id: 'status', class: 'msg', role: 'status', hidden: true }),
      el('section', { id: 'mine', class: 'card mine', hidden: true }),
      el('section', { id: 'results', class: 'card results', hidden: true }),
    ];
  }

  function buttonText() {
    const q = question();
    if (sending) return tr('phone.sending');
    if (q.type === 'multiple_choice') return tr(answered() ? 'phone.change' : 'phone.send');
    if (most(q) > 1) return tr(sent > 0 ? 'phone.send_another' : 'phone.send_answer');
    return tr(answered() ? 'phone.change_answer' : 'phone.send_answer');
  }

  function update() {
    const form = document.getElementById('vote-form');
    const q = question();
    if (form) {
      const isLocked = locked();
      form.querySelector('fieldset').disabled = isLocked;
      const button = form.querySelector('.send');
      button.hidden = isLocked;
      button.disabled = sending || offline;
      button.textContent = buttonText();
      limitChoices(form);
      kind().update?.(form, q, ctx);
    }
    const status = document.getElementById('status');
    if (status) {
      const [kindOf, text] = statusLine();
      status.className = `msg ${kindOf}`;
      status.textContent = text;
      status.hidden = !text;
    }
    const own = document.getElementById('mine');
    if (own) {
      const last = most(q) > 1 && mine();
      own.hidden = !last;
      if (last) own.replaceChildren(el('h2', {}, tr('phone.your_last_answer')), el('p', { class: 'mine-text' }, last.entries ? last.entries.join(', ') : last.text || ''));
    }
    drawResults();
    drawReactions();
  }

  function statusLine() {
    const q = question();
    if (message) return ['error', tr(message.key, message.values)];
    if (!q) return ['', ''];
    if (offline && !locked()) return ['info offline', tr(queued ? 'phone.offline_queued' : 'phone.offline')];
    const mc = q.type === 'multiple_choice';
    let more = '';
    if (most(q) > 1) more = ` ${left() > 0 ? tr('phone.can_send_more', { n: left() }) : tr('phone.no_more')}`;
    else if (q.settings.allow_change) more = ` ${tr('phone.can_change')}`;
    const before = tr(mc ? 'phone.in_final' : 'phone.answer_in_short');
    if (!state.voting_open) return ['info', tr('phone.closed') + (answered() ? ` ${before}` : '')];
    if (sending) return ['', tr('phone.sending')];
    // Moderation held the answer back: waiting for approval, or hidden by the filter.
    const held = mine()?.status;
    if (held === 'pending' || held === 'hidden') return [held === 'pending' ? 'info' : 'error', tr(`phone.answer_${held}`)];
    if (justVoted === q.id) return ['ok pop', tr(mc ? 'phone.received' : 'phone.answer_in') + more];
    if (answered()) return ['ok', before + more];
    return ['', ''];
  }

  function limitChoices(form) {
    const q = question();
    if (q.type !== 'multiple_choice' || !q.settings.multi_select || locked()) return;
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
    if (offline) {
      queued = true;
      update();
      return;
    }
    if (sending) {
      sendAgain = true;
      return;
    }
    let answer;
    try {
      answer = kind().collect(form, q, ctx);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      message = problem;
      update();
      return;
    }
    sending = true;
    message = null;
    update();
    const key = randomKey();
    let r;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      // A retry carries the same Idempotency-Key: the answer is stored once, whatever happened.
      r = await api('POST', `/api/join/${code}/responses`, { question_id: q.id, ...answer }, { 'Idempotency-Key': key });
      if (r.status !== 0 && r.status !== 503) break;
      await sleep(300 + Math.random() * 500 * 2 ** attempt);
    }
    sending = false;
    if (r.ok) {
      justVoted = q.id;
      if (question()?.id === q.id) {
        state = { ...state, my_response: { question_id: q.id, ...answer, ...(r.data?.status ? { status: r.data.status } : {}) } };
        if (most(q) > 1) {
          sent += 1;
          form.reset(); // ready for the next answer
        }
      }
    } else if (r.status === 401 || r.status === 404) {
      location.replace(`/${code}`);
      return;
    } else {
      message = new Problem(errorKey(q, r));
      if (r.status === 409 && most(q) > 1) sent = most(q);
    }
    update();
    if (sendAgain) {
      sendAgain = false;
      if (!message) send();
    }
  }

  function errorKey(q, r) {
    if (r.status === 409) return most(q) > 1 ? 'phone.error_no_more' : 'phone.error_no_change';
    if (r.status === 422) {
      if (q.type === 'multiple_choice') return 'phone.error_pick';
      return /longer than/.test(r.data?.detail || '') ? 'phone.error_too_long' : 'phone.error_invalid';
    }
    return { 423: 'phone.error_closed', 429: 'phone.error_slow_down' }[r.status] || 'phone.error_network';
  }

  function drawResults() {
    const box = document.getElementById('results');
    const q = question();
    if (!box) return;
    const show = !!q && state.results_visible && results?.question_id === q.id && (answered() || !state.voting_open);
    box.hidden = !show;
    if (!show) return;
    box.replaceChildren(
      el('h2', {}, tr(q.type === 'multiple_choice' ? 'phone.results_title' : 'phone.results_title_answers')),
      ...resultRows(q, results).map(([label, value, percent]) =>
        el(
          'div',
          { class: 'result' },
          el('span', { class: 'result-label' }, label),
          el('span', { class: 'result-num' }, value),
          percent !== null &&
            el('svg', { class: 'meter', viewBox: '0 0 100 4', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, el('rect', { width: Math.max(0, percent), height: 4 })),
        ),
      ),
    );
  }

  // A row of emoji that float up over the presenter's screen. Too many too fast: ignored quietly.
  const reactions = document.getElementById('reactions');
  function drawReactions() {
    if (!reactions) return;
    reactions.hidden = state.status !== 'live';
    if (reactions.hidden || reactions.childElementCount) return;
    reactions.append(
      el('p', { class: 'help', id: 'reactions-label' }, tr('phone.reactions')),
      el(
        'div',
        { class: 'reaction-row', role: 'group', 'aria-labelledby': 'reactions-label' },
        REACTIONS.map((emoji) => el('button', { type: 'button', class: 'reaction', dataset: { emoji } }, emoji)),
      ),
    );
    reactions.addEventListener('click', (event) => {
      const button = event.target.closest('button.reaction');
      if (!button) return;
      button.classList.remove('sent');
      void button.offsetWidth; // restart the little pop
      button.classList.add('sent');
      api('POST', `/api/join/${code}/reactions`, { emoji: button.dataset.emoji });
    });
  }

  const socket = new LiveSocket(`/ws/join/${code}`, {
    onMessage(msg) {
      // Panels beside the question (the Q&A: qna-phone.js) follow the same socket.
      document.dispatchEvent(new CustomEvent('poll:message', { detail: msg }));
      if (msg.type === 'state') {
        const next = msg.state;
        if (next.question?.id !== question()?.id) {
          results = null;
          message = null;
          sent = next.my_response ? 1 : 0; // a guess until the server says (my_submissions)
        } else if (state.my_response && !next.my_response) {
          // The presenter reset this question: answer it afresh.
          justVoted = null;
          shownKey = '';
          shownQuestionId = null; // nothing typed before the reset carries over
          sent = 0;
        } else if (!sending && next.question && most(next.question) === 1 && next.my_response && stableJson(next.my_response) !== stableJson(state.my_response ?? null)) {
          shownKey = ''; // answered in another tab (or on another device): show that answer here too
        }
        if (typeof next.my_submissions === 'number') sent = next.my_submissions;
        state = next;
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

if (body.dataset.view === 'join') setUpJoin();
else setUpRoom(JSON.parse(body.dataset.state));
