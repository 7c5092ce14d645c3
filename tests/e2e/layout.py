"""Does a page fit its window? Every piece of text and every image or chart part that can be seen
must lie inside the viewport, must not be cut off by a box that hides its overflow (a projector
cannot scroll), and must not overlap another piece of text or an image it does not belong to.

`layout_problems(page)` lists what is wrong, in words a failing test can print; `wait_until_fits`
waits for the page to settle (charts redraw after a resize) and fails with that list."""

from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

# Text runs (one rect per line, from a Range over each text node) and solid parts (images, SVG,
# bar tracks), from elements that can be seen: not display:none, visibility:hidden, opacity 0 on
# the way up, nor screen-reader-only (clipped to 1 px). `ignore` names layers that float over the
# page by design (reactions).
CHECK = """({ignore, slack}) => {
  const W = innerWidth, H = innerHeight;
  const seen = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      if (n.matches(ignore)) return false;
      const r = n.getBoundingClientRect();
      if (s.position === 'absolute' && r.width <= 1 && r.height <= 1) return false;  // sr-only
    }
    return true;
  };
  const name = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    return el.tagName.toLowerCase() + id + cls;
  };
  // Ancestors that cut off what overflows them (overflow other than visible, or a line clamp).
  const clippers = (el) => {
    const found = [];
    for (let n = el.parentElement; n && n !== document.documentElement; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        if (s.webkitLineClamp && s.webkitLineClamp !== 'none') continue;  // ends in "…": meant
        found.push(n);
      }
    }
    return found;
  };
  const pieces = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.textContent.trim()) continue;
    const el = t.parentElement;
    if (!el || el.closest('script, style, noscript, template') || !seen(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const what = `"${t.textContent.trim().slice(0, 40)}" (${name(el)})`;
      pieces.push({el, r, what, text: true});
    }
  }
  const solid = 'img, svg, canvas, video, .bar-track, .hist, .swatch';
  for (const el of document.body.querySelectorAll(solid)) {
    if (el.closest('svg') !== el && el.closest('svg')) continue;  // parts of one drawing
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    pieces.push({el, r, what: name(el), text: false});
  }
  const problems = [];
  const px = Math.round;
  const box = (r) => `${px(r.left)},${px(r.top)} ${px(r.width)}x${px(r.height)}`;
  const inside = (r, b) => r.left >= b.left - slack && r.top >= b.top - slack
    && r.right <= b.right + slack && r.bottom <= b.bottom + slack;
  for (const p of pieces) {
    const r = p.r;
    if (!inside(r, {left: 0, top: 0, right: W, bottom: H})) {
      problems.push(`${p.what} at ${box(r)} leaves the ${W}x${H} viewport`);
      continue;
    }
    for (const c of clippers(p.el)) {
      const b = c.getBoundingClientRect();
      if (!inside(r, b)) {
        problems.push(`${p.what} at ${box(r)} is cut off by ${name(c)} at ${box(b)}`);
        break;
      }
    }
  }
  // Overlaps: text with text of another element, or with an image or chart part it is not part of.
  for (let i = 0; i < pieces.length; i += 1) {
    for (let j = i + 1; j < pieces.length; j += 1) {
      const a = pieces[i], b = pieces[j];
      if (!a.text && !b.text) continue;
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > slack && h > slack) {
        problems.push(`${a.what} at ${box(a.r)} overlaps ${b.what} at ${box(b.r)}`);
      }
    }
  }
  return problems.slice(0, 20);
}"""

FLOATING = ".floats"


async def layout_problems(page: Page, ignore: str = FLOATING, slack: float = 2) -> list[str]:
    """What does not fit on the page as it is now (at most 20 findings)."""
    found: list[Any] = await page.evaluate(CHECK, {"ignore": ignore, "slack": slack})
    return [str(p) for p in found]


async def wait_until_fits(page: Page, what: str, *, timeout_ms: float = 5000, ignore: str = FLOATING) -> None:
    """Wait for the page to fit (it redraws after a resize or a new tally); fail with the findings."""
    try:
        await page.wait_for_function(
            f"() => ({CHECK})({{ignore: {ignore!r}, slack: 2}}).length === 0", timeout=timeout_ms
        )
    except PlaywrightError:
        problems = await layout_problems(page, ignore)
        size = page.viewport_size
        raise AssertionError(f"{what} at {size}: " + "\n  ".join(["does not fit:", *problems])) from None
