"""Single sign-on tests: a real OpenID provider process for the whole run, and the app on the
port whose callback the provider knows. Browser tests share the e2e suite's Chromium."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from poll_service.settings import Settings
from tests.conftest import LiveServer, free_port, make_settings, run_server
from tests.e2e.conftest import browser, screenshots  # noqa: F401
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, DOMAIN, ORGANISERS, Provider, start


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    provider, process, log = start(free_port())
    yield provider
    process.terminate()
    process.wait(10)
    if process.stdout is not None:
        process.stdout.close()
    log.unlink()


def sso_settings(database_url: str, provider: Provider, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "public_url": provider.app_url,
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
        "oidc_display_name": "Example University",
        "oidc_scopes": ["openid", "email", "profile", "groups"],
        "oidc_allowed_domains": [DOMAIN],
        "oidc_required_group": ORGANISERS,
    }
    values.update(overrides)
    return make_settings(database_url, **values)


def sso_server(settings: Settings, provider: Provider) -> run_server:
    """The app on the port whose callback the provider knows."""
    return run_server(settings, provider.app_port)


@pytest.fixture
async def sso_app(database_url: str, oidc_provider: Provider) -> AsyncIterator[LiveServer]:
    async with sso_server(sso_settings(database_url, oidc_provider), oidc_provider) as server:
        yield server
