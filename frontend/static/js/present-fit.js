// Keeping the stage on the screen: a long prompt and a chart, leaderboard or panel with many rows
// shrink (to a floor still readable from the back) until they fit the space they have. The word
// cloud zooms itself and the open-answer wall pages (types/open_text.js).
const PROMPT_SHARE = 0.22; // of the window's height: the rest is for the answers
const STEP = 0.06;

const overflows = (node) => node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;

/** Scale `node`'s text (its --fit) down from 1 until `tooBig()` is false or `floor` is reached. */
function shrink(node, floor, tooBig) {
  let scale = 1;
  node.style.setProperty('--fit', '1');
  while (tooBig() && scale > floor) {
    scale = Math.max(floor, scale - STEP);
    node.style.setProperty('--fit', String(scale));
  }
}

export function fitPrompt(prompt) {
  shrink(prompt, 0.5, () => prompt.getBoundingClientRect().height > innerHeight * PROMPT_SHARE);
}

/** The chart and the leaderboard, whichever shows. */
export function fitChart(chart, board) {
  if (!chart.hidden && !chart.classList.contains('cloud') && !chart.classList.contains('wall')) {
    shrink(chart, 0.45, () => overflows(chart));
  }
  if (board && !board.hidden) shrink(board, 0.5, () => overflows(board));
}

/** Fit again whenever the stage changes size (a resize, the Q&A panel, the countdown). */
export function keepFitting(stage, chart, board, prompt) {
  let width = 0;
  new ResizeObserver(() => {
    if (stage.clientWidth !== width) {
      width = stage.clientWidth;
      fitPrompt(prompt);
    }
  }).observe(stage);
  const sizes = new ResizeObserver(() => fitChart(chart, board));
  sizes.observe(chart);
  sizes.observe(board); // the chart steps aside (display: none) while the leaderboard shows
}
