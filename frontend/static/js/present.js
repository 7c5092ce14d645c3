// The presenter screen: join details, the current question and its live results, keyboard control.
import { LiveSocket, api, connectionPill, el, tr } from './common.js';
import { createPlayScreen } from './play-present.js';

const body = document.body;
const roomId = body.dataset.room;
const presentationId = body.dataset.presentation;
const $ = (id) => document.getElementById(id);
const COLOURS = 8;
// Quiz and self-paced tools (countdown, reveal, leaderboard, survey progress): play-present.js.
const play = createPlayScreen({ roomId });
document.addEventListener('poll:message', (event) => play.onMessage(event.detail));

let room = null;
let questions = [];
let result = null; // the newest QuestionResult of the current question
let participants = 0;
let socket = null;
let fetchedAt = 0;
let drawnChart = ''; // which question and chart type the chart DOM was built for

const current = () => questions.find((q) => q.id === room?.current_question_id) || null;

async function start() {
  const [r, p] = await Promise.all([api('GET', `/api/rooms/${roomId}`), api('GET', `/api/presentations/${presentationId}`)]);
  if (r.status === 401 || p.status === 401) return loggedOut();
  if (!r.ok || !p.ok) {
    $('prompt').textContent = tr('present.load_failed');
    setTimeout(start, 3000);
    return;
  }
  questions = p.data.questions;
  fetchedAt = Date.now();
  applyRoom(r.data);
  socket = new LiveSocket(`/ws/rooms/${roomId}/presenter`, {
    onMessage,
    onStatus: connectionPill($('conn')),
    async onRefused() {
      const check = await api('GET', `/api/rooms/${roomId}`);
      if (check.status === 401) loggedOut();
    },
  });
}

function onMessage(msg) {
  // Panels beside the question (the Q&A: qna-present.js) follow the same socket.
  document.dispatchEvent(new CustomEvent('poll:message', { detail: msg }));
  if (msg.type === 'state') {
    applyRoom(msg.room);
  } else if (msg.type === 'results' && msg.result.question_id === room?.current_question_id) {
    result = msg.result;
    participants = msg.participant_count;
    const q = current();
    const known = q && q.prompt === result.prompt && q.type === result.type && sameIds(q.options, tallyIds(result.tally));
    if (!known) refreshQuestions();
    drawResults();
  } else if (msg.type === 'reactions') {
    floatReactions(msg.counts || {});
  }
}

/** The option ids a tally speaks of (null: a tally without options, like a word cloud). */
function tallyIds(tally) {
  if (tally.counts) return Object.keys(tally.counts);
  if (tally.statements) return Object.keys(tally.statements);
  if (tally.totals) return Object.keys(tally.totals);
  if (tally.items) return tally.items.map((i) => i.option_id);
  return null;
}

function sameIds(options, ids) {
  if (ids === null) return true;
  return ids.length === options.length && options.every((o) => ids.includes(o.id));
}

function applyRoom(next) {
  const moved = next.current_question_id !== room?.current_question_id;
  if (moved) result = null;
  room = next;
  participants = Math.max(participants, next.participant_count);
  if (moved && room.current_question_id && !current()) refreshQuestions();
  else if (moved) refreshQuestions(1000); // edits made meanwhile show up when moving on
  render();
}

/** Fetch the questions again (edited during the session), at most once per `minGapMs`. */
async function refreshQuestions(minGapMs = 0) {
  const now = Date.now();
  if (now - fetchedAt < Math.max(minGapMs, 250)) return;
  fetchedAt = now;
  const p = await api('GET', `/api/presentations/${presentationId}`);
  if (p.status === 401) return loggedOut();
  if (p.ok) {
    questions = p.data.questions;
    drawnChart = '';
    render();
  }
}

function render() {
  if (!room) return;
  const ended = room.status !== 'live';
  body.classList.toggle('ended', ended);
  body.classList.toggle('locked', room.locked);
  const q = current();
  const index = q ? questions.indexOf(q) : -1;
  $('counter').textContent = q && !ended ? tr('present.counter', { n: index + 1, total: questions.length }) : '';
  if (ended) {
    $('prompt').textContent = tr('present.ended');
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(tr('present.ended_hint'), `/rooms/${roomId}/results`, tr('present.see_results'));
  } else if (!q) {
    $('prompt').textContent = questions.length ? tr('present.no_current') : tr('present.no_questions');
    $('chart').replaceChildren();
    drawnChart = '';
    showNotice(questions.length ? tr('present.press_next') : '');
  } else {
    $('prompt').textContent = q.prompt;
    if (room.results_visible) showNotice('');
    else showNotice(tr('present.hidden'), null, null, tr('present.hidden_hint'));
    $('chart').hidden = !room.results_visible;
  }
  $('voting').textContent = ended ? tr('present.session_ended') : tr(room.voting_open ? 'present.voting_open' : 'present.voting_closed');
  $('voting').className = `badge ${room.voting_open ? 'open' : 'closed'}`;
  $('btn-voting').textContent = tr(room.voting_open ? 'present.close_voting' : 'present.open_voting');
  $('btn-results').textContent = tr(room.results_visible ? 'present.hide_results' : 'present.show_results');
  $('btn-lock').textContent = tr(room.locked ? 'present.unlock' : 'present.lock');
  for (const button of document.querySelectorAll('.controls button')) {
    button.disabled = ended && button.dataset.action !== 'fullscreen';
  }
  play.render(room, q, questions);
  drawResults();
}

function showNotice(text, href = null, linkText = null, hint = '') {
  const notice = $('notice');
  notice.hidden = !text;
  notice.replaceChildren(
    ...[
      el('p', { class: 'notice-main' }, text),
      hint && el('p', { class: 'notice-hint' }, hint),
      href && el('a', { class: 'btn', href }, linkText),
    ].filter(Boolean),
  );
}

function drawResults() {
  const q = current();
  const count = result && q && result.question_id === q.id ? result.response_count : 0;
  $('joined').textContent = String(participants);
  $('answered').textContent = String(count);
  $('joined-label').textContent = tr(participants === 1 ? 'present.joined_one' : 'present.joined');
  $('answered-label').textContent = tr(count === 1 ? 'present.answered_one' : 'present.answered');
  if (!q || room.status !== 'live') return;
  const chart = $('chart');
  const tally = (result && result.question_id === q.id && result.tally) || {};
  const view = VIEWS[q.type];
  if (!view) {
    if (drawnChart !== q.id) chart.replaceChildren(el('p', { class: 'notice-hint' }, tr('present.unsupported')));
    drawnChart = q.id;
    return;
  }
  const shape = `${q.type}:${q.id}:${JSON.stringify(q.settings)}:${q.options.map((o) => o.id + o.label).join('|')}`;
  if (shape !== drawnChart) {
    drawnChart = shape;
    chart.className = `chart ${view.className(q)}`;
    chart.replaceChildren(...view.build(q, chart));
  }
  view.update(q, tally, count);
}

// One view per question type: className(q), build(q, chart) -> nodes, update(q, tally, responses).
const VIEWS = {
  multiple_choice: {
    className: (q) => `${q.settings.chart === 'donut' ? 'donut' : 'bars'}${q.options.length > 8 ? ' many' : ''}`,
    build: (q) => (q.settings.chart === 'donut' ? buildDonut(q) : buildBars(q)),
    update(q, tally, total) {
      if (q.settings.chart === 'donut') updateDonut(q, tally.counts || {});
      else updateBars(q, tally.counts || {}, total);
    },
  },
  word_cloud: {
    className: () => 'cloud',
    build: (q, chart) => buildCloud(q, chart),
    update: (q, tally) => updateCloud(q, tally),
  },
  open_text: {
    className: (q) => `wall${q.settings.layout === 'grid' ? ' grid' : ''}`,
    build: () => buildWall(),
    update: (q, tally) => updateWall(tally),
  },
  scale: {
    className: (q) => `scale${q.options.length > 6 ? ' many' : ''}`,
    build: (q) => buildScale(q),
    update: (q, tally) => updateScale(q, tally),
  },
  ranking: {
    className: (q) => `bars ranking${q.options.length > 6 ? ' many' : ''}`,
    build: (q) => buildRanking(q),
    update: (q, tally) => updateRanking(q, tally),
  },
  points: {
    className: (q) => `bars${q.options.length > 8 ? ' many' : ''}`,
    build: (q) => buildBars(q),
    update(q, tally) {
      const totals = tally.totals || {};
      const shares = tally.shares || {};
      for (const row of $('chart').querySelectorAll('.bar-row')) {
        const share = shares[row.dataset.id] || 0;
        row.querySelector('.bar-fill').style.width = `${100 * share}%`;
        row.querySelector('.bar-count').textContent = String(totals[row.dataset.id] || 0);
        row.querySelector('.bar-pct').textContent = `${Math.round(100 * share)}%`;
      }
    },
  },
};

VIEWS.quiz = play.quizView({ buildBars, updateBars, buildDonut, updateDonut });

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A small stable number for a string (FNV-1a): colours and placements follow the word, not chance. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ----- word cloud -----
// Words sit at fixed points of a layout plane, found once per word by walking an elliptic spiral
// out from the middle (its start angle and direction seeded by the word's key) until the word fits
// between those already there. Positions are remembered (for this tab, per room and question), so
// a word never moves; only its size follows its count. A word that grows into its neighbours grows
// only as far as there is room (but always stays bigger than the least used words); if words
// would still touch, all of them shrink a little. The whole plane zooms to fill the screen.
const CLOUD_MIN = 40; // font size in layout units of the least used word...
const CLOUD_MAX = 112; // ...and of the most used one
const CLOUD_ROOM = 1.3; // a new word keeps this much room to grow
const CLOUD_SQUEEZED = 1.3; // a squeezed word stays this much bigger than the least used ones
const CLOUD_KEEP = 0.75; // and keeps at least this share of its size
let cloud = null;

function buildCloud(q, chart) {
  const layer = el('div', { class: 'cloud-layer' });
  const empty = el('p', { class: 'cloud-empty' }, tr('present.waiting_words'));
  const box = chart.getBoundingClientRect();
  let saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem(`cloud:${roomId}:${q.id}`) || '{}');
  } catch {
    saved = {};
  }
  cloud = {
    question: q.id,
    layer,
    empty,
    aspect: Math.min(3, Math.max(1.2, box.width / Math.max(1, box.height) || 2)),
    spots: new Map(Object.entries(saved)), // key -> [x, y]
    words: new Map(), // key -> {node, width (per unit of font size), size}
    fit: 1,
    measure: null,
  };
  return [layer, empty];
}

function textWidth(text) {
  if (!cloud.measure) {
    cloud.measure = document.createElement('canvas').getContext('2d');
    cloud.measure.font = `800 100px ${getComputedStyle(cloud.layer).fontFamily}`;
  }
  return cloud.measure.measureText(text).width / 100;
}

// Half-width and half-height of a word's box, room around it included, at font size `size`.
const halfBox = (word, size) => [(word.width * size) / 2 + size * 0.14, size * 0.62];

const ARM_GAP = 12; // layout units between two turns of the spiral
const SPIRAL_STEP = 9; // layout units between two tried points along it

function placeWord(key, word) {
  const h = hash(key);
  let angle = ((h % 360) * Math.PI) / 180;
  const turn = h & 1024 ? 1 : -1;
  const [hw, hh] = halfBox(word, word.size * cloud.fit * CLOUD_ROOM);
  const others = [...cloud.words.values()]
    .filter((w) => w !== word && w.x !== undefined)
    .map((o) => [o.x, o.y, ...halfBox(o, o.shown)]);
  let walked = 0;
  for (let i = 0; i < 40000; i += 1) {
    const r = (ARM_GAP * walked) / (2 * Math.PI);
    const x = Math.cos(angle) * r * cloud.aspect;
    const y = Math.sin(angle) * r;
    if (others.every(([ox, oy, ow, oh]) => Math.abs(ox - x) >= hw + ow || Math.abs(oy - y) >= hh + oh)) {
      return [Math.round(x), Math.round(y)];
    }
    const step = Math.min(0.5, SPIRAL_STEP / Math.max(r * cloud.aspect, 1));
    walked += step;
    angle += turn * step;
  }
  return [0, 0];
}

/** Each word's drawn size (`shown`): bigger words give way to the smaller ones around them, then
 *  the largest common shrink factor (at most 1) at which no two words touch. */
function cloudFit() {
  const list = [...cloud.words.values()].filter((w) => w.x !== undefined).sort((a, b) => a.size - b.size || (a.text < b.text ? -1 : 1));
  list.forEach((a, i) => {
    const [aw, ah] = halfBox(a, a.size);
    let squeeze = 1;
    for (let j = 0; j < i; j += 1) {
      const b = list[j];
      const [bw, bh] = halfBox(b, b.squeezed);
      squeeze = Math.min(squeeze, Math.max((Math.abs(a.x - b.x) - bw) / aw, (Math.abs(a.y - b.y) - bh) / ah));
    }
    const least = Math.max(CLOUD_KEEP, Math.min(1, (CLOUD_MIN * CLOUD_SQUEEZED) / a.size));
    a.squeezed = a.size * Math.max(squeeze, least);
  });
  // Sizes still follow counts: no word is drawn bigger than a squeezed word that is used more.
  let cap = Infinity;
  let capCount = Infinity;
  let tierCap = Infinity;
  for (const w of [...list].sort((a, b) => b.count - a.count)) {
    if (w.count < capCount) {
      cap = Math.min(cap, tierCap);
      capCount = w.count;
    }
    w.squeezed = Math.min(w.squeezed, cap);
    tierCap = Math.min(tierCap, w.squeezed);
  }
  let fit = 1;
  for (let i = 0; i < list.length; i += 1) {
    const a = list[i];
    const [aw, ah] = halfBox(a, a.squeezed);
    for (let j = i + 1; j < list.length; j += 1) {
      const b = list[j];
      const [bw, bh] = halfBox(b, b.squeezed);
      fit = Math.min(fit, Math.max(Math.abs(a.x - b.x) / (aw + bw), Math.abs(a.y - b.y) / (ah + bh)));
    }
  }
  fit = Math.max(0.2, fit);
  for (const word of list) word.shown = word.squeezed * fit;
  return fit;
}

function updateCloud(q, tally) {
  if (!cloud || cloud.question !== q.id) return;
  const words = tally.words || [];
  cloud.empty.hidden = words.length > 0;
  const top = Math.max(1, ...words.map((w) => w.count));
  const seen = new Set();
  const arrived = [];
  for (const w of words) {
    seen.add(w.key);
    let word = cloud.words.get(w.key);
    if (!word) {
      const node = el('span', { class: `word c${hash(w.key) % COLOURS}`, dataset: { key: w.key } });
      word = { node, width: 0, size: 0, text: '' };
      cloud.words.set(w.key, word);
      arrived.push([w.key, word]);
    }
    if (word.text !== w.text) {
      word.text = w.text;
      word.node.textContent = w.text;
      word.width = textWidth(w.text);
    }
    word.count = w.count;
    word.size = top > 1 ? CLOUD_MIN + (CLOUD_MAX - CLOUD_MIN) * Math.sqrt((w.count - 1) / (top - 1)) : CLOUD_MIN;
    word.node.title = `${w.text}: ${w.count}`;
  }
  for (const [key, word] of cloud.words) {
    if (!seen.has(key)) {
      word.node.remove();
      cloud.words.delete(key);
      cloud.spots.delete(key);
    }
  }
  cloud.fit = cloudFit(); // the words already there, at their new sizes
  for (const [key, word] of arrived) {
    const spot = cloud.spots.get(key);
    [word.x, word.y] = spot || placeWord(key, word);
    word.shown = word.size * cloud.fit;
    cloud.spots.set(key, [word.x, word.y]);
    word.node.style.left = `${word.x}px`;
    word.node.style.top = `${word.y}px`;
    cloud.layer.append(word.node);
  }
  cloud.fit = cloudFit();
  const edges = [Infinity, Infinity, -Infinity, -Infinity]; // left, top, right, bottom
  for (const word of cloud.words.values()) {
    const [hw, hh] = halfBox(word, word.shown);
    edges[0] = Math.min(edges[0], word.x - hw);
    edges[1] = Math.min(edges[1], word.y - hh);
    edges[2] = Math.max(edges[2], word.x + hw);
    edges[3] = Math.max(edges[3], word.y + hh);
    word.node.style.transform = `translate(-50%, -50%) scale(${word.shown / 100})`;
    word.node.classList.toggle('top', word.count === top && top > 1);
  }
  const box = $('chart').getBoundingClientRect();
  if (box.width > 0 && box.height > 0 && cloud.words.size) {
    // The plane zooms (and glides) so that the words fill the screen, centred.
    const zoom = Math.min(box.width / (edges[2] - edges[0]), box.height / (edges[3] - edges[1]), 3) * 0.96;
    const [cx, cy] = [(edges[0] + edges[2]) / 2, (edges[1] + edges[3]) / 2];
    cloud.layer.style.transform = `scale(${zoom}) translate(${-cx}px, ${-cy}px)`;
  }
  cloud.layer.parentElement.setAttribute('aria-label', words.slice(0, 10).map((w) => `${w.text} (${w.count})`).join(', '));
  try {
    sessionStorage.setItem(`cloud:${roomId}:${q.id}`, JSON.stringify(Object.fromEntries(cloud.spots)));
  } catch {
    // storage full or off: positions are then kept for as long as the page is open
  }
}

// ----- open answers: a wall of cards, newest first -----
let wall = null;

function buildWall() {
  wall = { texts: [], list: el('ul', { class: 'cards' }), empty: el('p', { class: 'cloud-empty' }, tr('present.waiting_answers')) };
  return [wall.list, wall.empty];
}

const textCard = (text, fresh) => el('li', { class: `text-card c${hash(text) % COLOURS}${fresh ? ' fresh' : ''}` }, text);

function updateWall(tally) {
  if (!wall) return;
  const texts = tally.answers || [];
  wall.empty.hidden = texts.length > 0;
  // Usually the newest answers came on top of the ones shown: add just those, with a little entrance.
  let added = -1;
  for (let k = 0; k <= Math.min(texts.length, 30); k += 1) {
    const rest = texts.slice(k);
    const overlap = Math.min(rest.length, wall.texts.length);
    if (rest.slice(0, overlap).every((t, i) => t === wall.texts[i]) && (overlap === rest.length || overlap === wall.texts.length)) {
      added = k;
      break;
    }
  }
  if (added >= 0 && wall.texts.length) {
    wall.list.prepend(...texts.slice(0, added).map((t) => textCard(t, true)));
    while (wall.list.children.length > texts.length) wall.list.lastElementChild.remove();
  } else {
    wall.list.replaceChildren(...texts.map((t) => textCard(t, false)));
  }
  wall.texts = texts;
}

// ----- scale: per statement the spread over the steps, with the mean marked -----
function stepColour(step, steps) {
  // One hue from light to dark: the steps are an order, not categories.
  const share = steps > 1 ? Math.round(30 + (70 * (step - 1)) / (steps - 1)) : 100;
  return `color-mix(in srgb, var(--c0) ${share}%, #e0e7ff)`;
}

function buildScale(q) {
  const steps = q.settings.steps || 5;
  const head = el(
    'div',
    { class: 'scale-head' },
    el('span'),
    el(
      'div',
      { class: 'scale-axis' },
      el('p', { class: 'scale-ends' }, el('span', {}, q.settings.min_label || ''), el('span', {}, q.settings.max_label || '')),
      el('div', { class: 'scale-steps' }, Array.from({ length: steps }, (_, i) => el('span', {}, String(i + 1)))),
    ),
    el('span', { class: 'scale-mean-head' }, tr('present.mean')),
  );
  const rows = q.options.map((o) =>
    el(
      'div',
      { class: 'scale-row', dataset: { id: o.id } },
      el('div', { class: 'bar-label' }, o.label),
      el(
        'div',
        { class: 'hist' },
        Array.from({ length: steps }, (_, i) => {
          const fill = el('div', { class: 'col-fill' });
          fill.style.background = stepColour(i + 1, steps);
          return el('div', { class: 'col' }, el('span', { class: 'col-count' }), fill);
        }),
        el('div', { class: 'mean-mark', hidden: true }),
      ),
      el('div', { class: 'scale-value' }, el('strong', { class: 'mean-value' }, '–'), el('span', { class: 'mean-count' })),
    ),
  );
  const view = el('div', { class: 'scale-grid' }, head, rows);
  view.style.setProperty('--steps', String(steps));
  view.style.setProperty('--rows', String(q.options.length));
  return [view];
}

function updateScale(q, tally) {
  const steps = tally.steps || q.settings.steps || 5;
  for (const row of $('chart').querySelectorAll('.scale-row')) {
    const data = tally.statements?.[row.dataset.id] || { distribution: [], count: 0, mean: null, skipped: 0 };
    const top = Math.max(1, ...data.distribution);
    [...row.querySelectorAll('.col')].forEach((col, i) => {
      const n = data.distribution[i] || 0;
      col.querySelector('.col-fill').style.height = `${(100 * n) / top}%`;
      col.querySelector('.col-count').textContent = n ? String(n) : '';
    });
    const mark = row.querySelector('.mean-mark');
    const known = data.mean !== null && data.mean !== undefined;
    mark.hidden = !known;
    if (known) mark.style.left = `${(100 * (data.mean - 0.5)) / steps}%`;
    row.querySelector('.mean-value').textContent = known ? data.mean.toFixed(1) : '–';
    row.querySelector('.mean-count').textContent = tr(data.count === 1 ? 'present.n_ratings_one' : 'present.n_ratings', { n: data.count });
  }
}

// ----- ranking: the items by average place, best first, with their points -----
function buildRanking(q) {
  return q.options.map((o, i) =>
    el(
      'div',
      { class: 'bar-row rank-row', dataset: { id: o.id } },
      el('div', { class: 'bar-label' }, el('span', { class: 'rank-place' }, String(i + 1)), el('span', {}, o.label)),
      el('div', { class: 'bar-track' }, el('div', { class: `bar-fill c${i % COLOURS}` })),
      el('div', { class: 'bar-value' }, el('strong', { class: 'bar-count' }, '0'), el('span', { class: 'bar-pct' }, '')),
    ),
  );
}

function updateRanking(q, tally) {
  const chart = $('chart');
  const rows = new Map([...chart.querySelectorAll('.rank-row')].map((r) => [r.dataset.id, r]));
  const items = (tally.items || []).filter((i) => rows.has(i.option_id));
  const top = Math.max(1, ...items.map((i) => i.points));
  const before = new Map([...rows].map(([id, r]) => [id, r.getBoundingClientRect().top]));
  items.forEach((item, n) => {
    const row = rows.get(item.option_id);
    if (chart.children[n] !== row) chart.insertBefore(row, chart.children[n]);
    row.querySelector('.rank-place').textContent = String(n + 1);
    row.querySelector('.bar-fill').style.width = `${(100 * item.points) / top}%`;
    row.querySelector('.bar-count').textContent = tr('present.points', { n: item.points });
    row.querySelector('.bar-pct').textContent = item.average_rank === null ? '' : tr('present.average_place', { n: item.average_rank.toFixed(1) });
  });
  if (reducedMotion()) return;
  // Rows that changed places glide there (first, last, invert, play).
  for (const [id, row] of rows) {
    const shift = before.get(id) - row.getBoundingClientRect().top;
    if (!shift) continue;
    row.animate([{ transform: `translateY(${shift}px)` }, { transform: 'none' }], { duration: 600, easing: 'cubic-bezier(0.22, 1, 0.36, 1)' });
  }
}

// ----- reactions: emoji that float up over the screen -----
const MAX_FLOATING = 60;

function floatReactions(counts) {
  const layer = $('floats');
  for (const [emoji, n] of Object.entries(counts)) {
    if (typeof emoji !== 'string' || emoji.length > 8) continue;
    for (let i = 0; i < Math.min(Number(n) || 0, 6); i += 1) {
      if (layer.childElementCount >= MAX_FLOATING) return;
      const float = el('span', { class: 'float' }, emoji);
      float.style.setProperty('--x', `${4 + Math.random() * 92}%`);
      float.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 12)}vw`);
      float.style.setProperty('--delay', `${Math.round(Math.random() * 700)}ms`);
      float.style.setProperty('--time', `${(2.8 + Math.random() * 1.4).toFixed(2)}s`);
      float.style.setProperty('--size', `${(0.85 + Math.random() * 0.5).toFixed(2)}`);
      float.addEventListener('animationend', () => float.remove());
      layer.append(float);
    }
  }
}

function buildBars(q) {
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

function updateBars(q, counts, total) {
  for (const row of $('chart').querySelectorAll('.bar-row')) {
    const n = counts[row.dataset.id] || 0;
    const percent = total ? Math.round((100 * n) / total) : 0;
    row.querySelector('.bar-fill').style.width = `${total ? (100 * n) / total : 0}%`;
    row.querySelector('.bar-count').textContent = String(n);
    row.querySelector('.bar-pct').textContent = `${percent}%`;
  }
}

// A donut: one circle per option whose dash is its share of all choices (circumference 100).
// Not colour alone: each part is numbered on the ring with its percentage, the legend repeats the
// number beside the label, and the picture's accessible name lists every option with its share.
function buildDonut(q) {
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
    q.options.map((o, i) =>
      el(
        'li',
        { class: 'legend-row', dataset: { id: o.id } },
        el('span', { class: `swatch c${i % COLOURS}`, 'aria-hidden': 'true' }, String(i + 1)),
        el('span', { class: 'bar-label' }, o.label),
        el('strong', { class: 'bar-count' }, '0'),
        el('span', { class: 'bar-pct' }, '0%'),
      ),
    ),
  );
  return [el('div', { class: 'donut-box' }, ring), legend];
}

function updateDonut(q, counts) {
  const sum = q.options.reduce((s, o) => s + (counts[o.id] || 0), 0);
  const percent = (id) => (sum ? Math.round((100 * (counts[id] || 0)) / sum) : 0);
  let offset = 0;
  const chart = $('chart');
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

async function act(name) {
  if (!room || room.status !== 'live') return;
  const toggles = {
    voting: room.voting_open ? 'close_voting' : 'open_voting',
    results: room.results_visible ? 'hide_results' : 'show_results',
    lock: room.locked ? 'unlock' : 'lock',
  };
  const action = toggles[name] || name;
  if (name === 'voting' && !room.current_question_id) return;
  const field = { voting: 'voting_open', results: 'results_visible', lock: 'locked' }[name];
  if (field) {
    // Show the toggle at once, so a quick second press toggles back; the socket confirms it.
    room = { ...room, [field]: !room[field] };
    render();
  }
  const r = await api('POST', `/api/rooms/${roomId}/control`, { action });
  // The open socket brings the new state in order; a reply applied on top of it could be older
  // than a snapshot that already arrived (two quick presses, or a second organiser).
  if (r.ok && socket?.ws?.readyState !== WebSocket.OPEN) applyRoom(r.data);
  else if (r.status === 401) loggedOut();
}

function fullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.().catch(() => {});
}

function loggedOut() {
  socket?.stop();
  $('prompt').textContent = tr('present.logged_out');
  $('chart').replaceChildren();
  showNotice(tr('present.log_in_hint'), `/login?next=${encodeURIComponent(location.pathname)}`, tr('present.log_in_again'));
}

const KEYS = {
  ArrowRight: 'next',
  ' ': 'next',
  PageDown: 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  c: 'voting',
  h: 'results',
  f: 'fullscreen',
};

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select')) return;
  // Space and Enter on a focused button or link press it (keyboard users), they do not move on.
  if ((event.key === ' ' || event.key === 'Enter') && event.target.closest('button, a, summary')) return;
  const name = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
  if (!name) return;
  event.preventDefault();
  if (event.repeat && name !== 'next' && name !== 'previous') return;
  if (name === 'fullscreen') fullscreen();
  else act(name);
});

document.querySelector('.controls').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  // After a mouse click keys go to the page again (Space then means "next", not this button);
  // a keyboard press (detail 0) keeps the focus where the keyboard user is.
  if (event.detail > 0) button.blur();
  if (button.dataset.action === 'fullscreen') fullscreen();
  else act(button.dataset.action);
});

let resizing = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(drawResults, 150);
});

start();
