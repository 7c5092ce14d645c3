// The pure rules of a self-healing socket (common.js LiveSocket): when to try again, and which
// pushes to show. No page, no network, so node's test runner checks them.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

/**
 * How long to wait before reconnect number `attempt` (0 for the first): a random time between 0
 * and min(15 s, 0.5 s * 2^attempt) ("full jitter"), so a room full of phones that lost the same
 * Wi-Fi does not come back in one burst. `random` is Math.random in the page.
 */
export function reconnectDelay(attempt, random = Math.random) {
  return random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

/**
 * Pushes carry `seq`. A state or results message older than the newest shown is stale (dropped).
 * A results message for another question than the newest state names means a state went missing:
 * the socket should ask for a fresh snapshot.
 */
export class PushOrder {
  constructor() {
    this.reset();
  }

  /** A new connection (maybe to another worker) has its own sequence and starts with a snapshot. */
  reset() {
    this.seq = -1;
    this.question = undefined; // the question the newest state names (undefined: none known)
  }

  /** {show, snapshot}: whether to show `message`, and whether a snapshot is needed. */
  accept(message) {
    if (message.type !== 'state' && message.type !== 'results') return { show: true, snapshot: false };
    if (typeof message.seq === 'number') {
      if (message.seq < this.seq) return { show: false, snapshot: false };
      this.seq = message.seq;
    }
    if (message.type === 'state') {
      const paced = message.state?.pacing === 'audience'; // every question open: no single one
      this.question = paced ? undefined : (message.room?.current_question_id ?? message.state?.question?.id ?? null);
      return { show: true, snapshot: false };
    }
    const stray = this.question !== undefined && message.result?.question_id !== this.question;
    return { show: true, snapshot: stray };
  }
}
