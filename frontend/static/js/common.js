// Shared by every page: texts, a DOM builder, JSON calls and a self-healing websocket.
// Data is only ever put into the page as text (textContent), never parsed as HTML.
import { PushOrder, reconnectDelay } from './reconnect.js';

let texts = null; // read on first use, so that node's test runner can import the pure modules

/** The page's text for `key`, with {name} placeholders filled in. */
export function tr(key, values = {}) {
  texts ??= JSON.parse(globalThis.document?.body?.dataset.texts || '{}');
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

/** el('p', {class: 'x', onclick: f}, 'text', child) -> an element; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const svg = ['svg', 'rect', 'circle', 'g', 'text', 'title', 'path'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name in node && !svg && name !== 'list') node[name] = value;
    else node.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** fetch() for the JSON API: resolves to {ok, status, data, retryAfter}; status 0 = no network. */
export async function api(method, url, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, data: null, retryAfter: 0 };
  }
  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  const retryAfter = Number(response.headers.get('Retry-After')) || 0;
  return { ok: response.ok, status: response.status, data, retryAfter };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A random key (hex): crypto.randomUUID needs https, getRandomValues works on a plain-http venue network too. */
export function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Send a phone's answer to question `questionId` of room `code`, trying again on a lost network
 * or a busy server (503) with growing pauses. Every try carries the same Idempotency-Key: the
 * answer is stored once, whatever happened. Resolves with the last api() result.
 */
export async function sendAnswer(code, questionId, answer) {
  const key = randomKey();
  let r;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    r = await api('POST', `/api/join/${code}/responses`, { question_id: questionId, ...answer }, { 'Idempotency-Key': key });
    if (r.status !== 0 && r.status !== 503) break;
    await sleep(300 + Math.random() * 500 * 2 ** attempt);
  }
  return r;
}

const PING_EVERY_MS = 25000;
// An organiser's socket closed because their right to the room went (a room taken back, a role
// lowered, removed from the workspace: sockets/access_watch.py): say so, and do not come back.
export const ACCESS_REMOVED = 4403;
const SILENT_LIMIT_MS = 60000;

/**
 * A websocket that keeps itself connected. After a drop it waits as reconnect.js says (random and
 * growing, so a room full of phones does not reconnect in one burst). Each (re)connection starts
 * with a full snapshot from the server, so nothing missed while away matters. It reconnects at once when the device comes back online or awake.
 */
export class LiveSocket {
  constructor(path, { onMessage, onStatus = () => {}, onRefused = () => {} }) {
    this.path = path;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.onRefused = onRefused;
    this.attempt = 0;
    this.ws = null;
    this.timer = 0;
    this.stopped = false;
    this.lastHeard = 0;
    this.opened = 0;
    this.order = new PushOrder();
    this.askedSnapshot = 0;
    this.pinger = setInterval(() => this.ping(), PING_EVERY_MS);
    const wake = () => this.wake();
    window.addEventListener('online', wake);
    window.addEventListener('pageshow', wake);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && wake());
    this.connect();
  }

  url() {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${this.path}`;
  }

  connect() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.onStatus('connecting');
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.lastHeard = Date.now();
      this.order.reset();
      this.opened += 1;
      document.body.dataset.connections = String(this.opened);
      this.onStatus('open');
    };
    ws.onmessage = (event) => {
      this.lastHeard = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'pong') return;
      this.attempt = 0; // the server is really serving us: back to quick retries
      const { show, snapshot } = this.order.accept(message);
      if (snapshot) this.requestSnapshot();
      if (!show) return;
      this.onMessage(message);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.onStatus('closed');
      if (event.code === ACCESS_REMOVED) return this.accessRemoved();
      if (event.code === 1008) this.onRefused();
      this.retry();
    };
  }

  accessRemoved() {
    this.stopped = true;
    clearInterval(this.pinger);
    if (document.getElementById('access-removed')) return;
    const where = document.querySelector('main') ?? document.body;
    where.prepend(el('p', { id: 'access-removed', class: 'msg error', role: 'alert' }, tr('common.access_removed')));
  }

  /** Ask the server for a fresh snapshot (at most every 2 s). */
  requestSnapshot() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || Date.now() - this.askedSnapshot < 2000) return;
    this.askedSnapshot = Date.now();
    ws.send('{"type":"snapshot"}');
  }

  /** Give up on a connection that stopped answering (half-open): a dead TCP connection may never
   * finish the closing handshake, so reconnect now instead of waiting for onclose. */
  abandon(ws) {
    ws.onclose = null;
    ws.onmessage = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
    if (this.ws !== ws) return;
    this.ws = null;
    this.onStatus('closed');
    this.retry();
  }

  retry() {
    if (this.stopped) return;
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  ping() {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastHeard > SILENT_LIMIT_MS) {
      this.abandon(ws); // a half-open connection: start afresh
      return;
    }
    ws.send('{"type":"ping"}');
  }

  /** Back online or awake: reconnect now, or check that the open socket still answers. */
  wake() {
    if (this.stopped) return;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) {
      this.attempt = 0;
      this.connect();
    } else if (ws.readyState === WebSocket.OPEN) {
      const asked = Date.now();
      ws.send('{"type":"ping"}');
      setTimeout(() => {
        if (this.ws === ws && this.lastHeard < asked) this.abandon(ws);
      }, 4000);
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.ws) this.ws.close();
  }
}

/** Show the connection state in a small pill; hidden while all is well. */
export function connectionPill(node) {
  return (status) => {
    node.dataset.state = status;
    document.body.dataset.socket = status;
    if (status === 'open') {
      node.hidden = true;
      return;
    }
    node.textContent = tr(status === 'connecting' ? 'common.connecting' : 'common.offline');
    // A quick reconnect does not flash the pill.
    setTimeout(() => {
      if (node.dataset.state !== 'open') node.hidden = false;
    }, 1200);
  };
}
