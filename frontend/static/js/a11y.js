// The presenter screen's accessibility layer, apart from present.js (which draws the screen):
// - a high-contrast theme for washed-out projectors: the K key or its button, or ?contrast=high /
//   ?contrast=normal on the URL; remembered in a cookie, so the server draws it at once next time;
// - spoken results for screen readers: a polite live region that reads what the screen shows
//   (answers so far, the leading answer) at most once every ANNOUNCE_GAP_MS, never every tick,
//   and the new question when the presenter moves on.
import { tr } from './common.js';

const body = document.body;
const $ = (id) => document.getElementById(id);
const CONTRAST_COOKIE = 'poll_contrast';
const YEAR_SECONDS = 365 * 24 * 3600;
export const ANNOUNCE_GAP_MS = 10000;
const SETTLE_MS = 1500; // let a burst of votes land before reading the screen

function rememberContrast(high) {
  document.cookie = `${CONTRAST_COOKIE}=${high ? 'high' : 'normal'}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
}

export function setContrast(high) {
  body.classList.toggle('contrast', high);
  $('btn-contrast')?.setAttribute('aria-pressed', String(high));
  rememberContrast(high);
}

const asked = new URLSearchParams(location.search).get('contrast');
if (asked === 'high' || asked === 'normal') rememberContrast(asked === 'high');

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  if (event.target.closest?.('input, textarea, select')) return;
  if (event.key === 'k' || event.key === 'K') {
    event.preventDefault();
    setContrast(!body.classList.contains('contrast'));
  }
});
$('btn-contrast')?.addEventListener('click', () => setContrast(!body.classList.contains('contrast')));

// ----- spoken results -----
const live = $('announce');
let lastSaid = 0;
let lastText = '';
let timer = 0;

function say(text) {
  if (!live || !text || text === lastText) return;
  lastText = text;
  lastSaid = Date.now();
  live.textContent = text;
}

const number = (node) => Number((node?.textContent || '').replace(/[^\d]/g, '')) || 0;

/** What the screen shows now, in one or two short sentences ('' when there is nothing to say). */
export function resultsSummary() {
  const chart = $('chart');
  const answers = number($('answered'));
  if (!chart || chart.hidden || body.classList.contains('ended') || !answers) return '';
  const parts = [tr(answers === 1 ? 'present.say_answers_one' : 'present.say_answers', { n: answers })];
  const first = chart.querySelector('.rank-row');
  if (first) {
    const label = first.querySelector('.bar-label span:last-child')?.textContent;
    if (label) parts.push(tr('present.say_first', { label }));
    return parts.join(' ');
  }
  let best = null;
  for (const row of chart.querySelectorAll('.bar-row, .legend-row')) {
    const count = number(row.querySelector('.bar-count'));
    if (count > 0 && (!best || count > best.count)) best = { row, count };
  }
  if (best) {
    const label = best.row.querySelector('.bar-label')?.textContent || '';
    const percent = number(best.row.querySelector('.bar-pct'));
    parts.push(tr('present.say_top', { label, percent }));
  }
  let top = null;
  for (const word of chart.querySelectorAll('.word')) {
    const title = word.title || '';
    const count = Number(title.slice(title.lastIndexOf(':') + 1)) || 0;
    if (!top || count > top.count) top = { text: word.textContent, count };
  }
  if (top) parts.push(tr('present.say_top_word', { word: top.text }));
  return parts.join(' ');
}

function scheduleResults() {
  if (timer) return;
  const wait = Math.max(SETTLE_MS, lastSaid + ANNOUNCE_GAP_MS - Date.now());
  timer = setTimeout(() => {
    timer = 0;
    say(resultsSummary());
  }, wait);
}

let shownPrompt = '';
function questionChanged() {
  const prompt = $('prompt')?.textContent || '';
  if (prompt === shownPrompt) return;
  shownPrompt = prompt;
  const counter = $('counter')?.textContent || '';
  lastText = '';
  say([counter, prompt].filter(Boolean).join(': '));
}

if (live) {
  const watch = (node, handler) => node && new MutationObserver(handler).observe(node, { childList: true, characterData: true, subtree: true });
  watch($('prompt'), questionChanged);
  watch($('answered'), scheduleResults);
  watch($('chart'), scheduleResults);
}
