// Every question type the browser knows, one module each, registered here with one line. The
// server's list is poll_service/question_types/registry.py; tests/test_client_types.py holds the
// two together. A page loads a type's module when it first needs it (a phone only the types of
// the questions it is shown: the page stays small on a slow line); the phone page also names its
// current question's module as a script of its own, so that it is in before phone.js runs. A
// type's module registers itself (register below) with:
//   form   the phone's answer form: build(q, mine, ctx) -> nodes, update?(form, q, ctx) after each
//          change, collect(form, q, ctx) -> the response body (or throws a kit.js Problem);
//          ctx has order (ranking), changed() and locked()
//   rows(q, result) -> [label, value, meter 0-100 or null]: what everyone answered, under a
//          phone's own answer (pinned to the server's rows by tests/test_result_rows_pinned.py)
//   view   the presenter's chart: className(q), build(q, chart, ctx) -> nodes,
//          update(q, tally, responseCount, chart, ctx); ctx has roomId, votingOpen() and play
//          (play-present.js)
//   optionIds(tally) -> the option ids a tally speaks of, or null (to notice an edited question)
//   editor the dashboard's question form: options ({min, max, legend, label, add, few, correct?}
//          text keys, or null for a type without options), summary(q) -> [texts],
//          fields(settings, f) -> {nodes, read(options) -> settings}; f: editor-fields.js FIELDS
//   choice (optional): the phone's texts speak of votes and picks rather than answers
//   instant(q) (optional): one tap sends the answer
//   answered (optional): false for an item that takes no answers (a content slide, the Q&A); the
//          phone then shows screen(q) -> nodes instead of a form (the server's QuestionType.answered)
//   opensQna (optional): while it is on, the server opens the room's Q&A panel (QuestionType.opens_qna)
const MODULES = {
  multiple_choice: () => import('./multiple_choice.js'),
  quiz: () => import('./quiz.js'),
  word_cloud: () => import('./word_cloud.js'),
  open_text: () => import('./open_text.js'),
  scale: () => import('./scale.js'),
  ranking: () => import('./ranking.js'),
  points: () => import('./points.js'),
  number: () => import('./number.js'),
  type_answer: () => import('./type_answer.js'),
  matrix: () => import('./matrix.js'),
  image_choice: () => import('./image_choice.js'),
  pin_image: () => import('./pin_image.js'),
  slide: () => import('./slide.js'),
  qna: () => import('./qna.js'),
};

/** Every type name the browser knows. */
export const TYPE_NAMES = Object.keys(MODULES);

/** The types answered for points (countdown, reveal, leaderboard): the server's Scoring. */
export const SCORED = new Set(['quiz', 'type_answer']);

/** A quiz room: its deck has a scored question, or the leaderboard is up. */
export const quizRoom = (state) =>
  !!state && (SCORED.has(state.question?.type) || (state.questions || []).some((q) => SCORED.has(q.type)) || !!state.leaderboard);

/** The types that draw the question's picture themselves (the server's QuestionType.owns_image):
 *  the pages show no picture above their prompt. */
export const OWNS_IMAGE = new Set(['pin_image']);

/** The modules that have arrived, by type name. */
export const TYPES = {};

/** Called by each type's module as it arrives. */
export function register(name, parts) {
  TYPES[name] = parts;
}

/** Whether the browser has a module for question type `name` (arrived or not). */
export const known = (name) => Object.hasOwn(MODULES, name);

/** Load the modules of these types (the unknown ones are left out); resolves when all are in. */
export async function load(names) {
  const missing = [...new Set(names)].filter((name) => known(name) && !TYPES[name]);
  await Promise.all(missing.map((name) => MODULES[name]())); // each registers itself
}

/**
 * The module of type `name` now, or null; a known type's module that has not arrived yet is
 * fetched, and `then()` runs once it is in (to draw again).
 */
export function typeNow(name, then) {
  if (TYPES[name] || !known(name)) return TYPES[name] || null;
  load([name]).then(then, () => setTimeout(then, 2000)); // a lost fetch: try again a bit later
  return null;
}
