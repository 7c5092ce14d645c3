"""Browser tests: Debian's Chromium driven by Playwright's async API, in the same event loop as
the live uvicorn server. They run on SQLite only: the browser adds nothing per database."""

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import sqlite_url

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent.parent
# Screenshots land in test-artifacts/ (ignored by git); with POLL_UPDATE_SCREENSHOTS=1 they
# replace the ones in docs/screenshots/ that the README shows.
SCREENSHOTS = ROOT / (
    "docs/screenshots" if os.environ.get("POLL_UPDATE_SCREENSHOTS") == "1" else "test-artifacts/screenshots"
)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Overrides the sqlite/postgres parametrised fixture: one SQLite file per test."""
    return sqlite_url(tmp_path)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        await chromium.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
