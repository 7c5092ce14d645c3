"""Security tests: the browser ones share the e2e suite's Chromium fixture."""

from tests.e2e.conftest import browser  # noqa: F401
