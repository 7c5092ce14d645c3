"""axe-core in Chromium: the WCAG 2.2 AA rules (plus axe's best practices) on a page as it is.

axe-core comes from the npm registry (scripts/test installs it into the git-ignored .cache/axe).
Our pages' Content-Security-Policy refuses inline scripts, so an added <script> tag with axe's
text would not run (and a CSP bypass would test a different page): the file's text is evaluated
through the DevTools protocol instead, which the page's CSP does not govern."""

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

ROOT = Path(__file__).resolve().parent.parent.parent
AXE_FILE = ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Every page checked and what axe found, printed at the end of the run (docs/accessibility.md).
CHECKED: list[tuple[str, int, int]] = []


@cache
def axe_source() -> str:
    if not AXE_FILE.exists():
        pytest.skip("axe-core is not installed: bash scripts/test installs it into .cache/axe (npm)")
    return AXE_FILE.read_text(encoding="utf-8")


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page now: rule id, impact, help and the first offending nodes."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_source())
    result: dict[str, Any] = await page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => [n.target.join(' '), n.failureSummary]),
            }))}))""",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    CHECKED.append((page.url, int(result["passes"]), len(violations)))
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {target}: {summary}" for target, summary in v["nodes"]]
    return "\n".join(lines)


async def assert_accessible(page: Page, what: str) -> None:
    violations = await axe_violations(page)
    assert not violations, f"axe found problems on {what} ({page.url}):\n{describe(violations)}"
