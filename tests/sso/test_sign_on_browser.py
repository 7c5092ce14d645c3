"""Single sign-on in Chromium against the real OpenID provider: the button on the log-in page, the
provider's own login form, the dashboard; the people the settings keep out; logging out here and
at the provider. axe checks the log-in page with the button and the refusal page."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from poll_service.i18n import catalogue
from tests.conftest import LiveServer, sqlite_url
from tests.e2e.a11y import assert_accessible
from tests.e2e.pages import save_screenshot, watch_errors
from tests.sso.conftest import sso_server, sso_settings
from tests.sso.provider import Provider

pytestmark = pytest.mark.browser
NL = catalogue("nl")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """Browser tests run on SQLite only (as tests/e2e): the browser adds nothing per database."""
    return sqlite_url(tmp_path)


async def _sign_in_at_provider(page: Page, login: str) -> None:
    """The provider's own login form (oidc-provider's): any password, the login names the person."""
    await page.locator("input[name=login]").fill(login)
    await page.locator("input[name=password]").fill("their password")
    await page.get_by_role("button", name="Sign-in").click()


async def test_sign_in_through_the_provider_then_log_out_of_both(
    sso_app: LiveServer, oidc_provider: Provider, browser: Browser, screenshots: Path
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = await context.new_page()
    errors = watch_errors(page)
    await page.goto(f"{sso_app.url}/dashboard")
    await expect(page).to_have_url(f"{sso_app.url}/login?next=/dashboard")
    button = page.get_by_role("link", name="Sign in with Example University")
    await expect(button).to_be_visible()
    await expect(page.locator("#login-form")).to_be_visible()  # passwords are still on
    await assert_accessible(page, "the log-in page with single sign-on")
    await save_screenshot(page, screenshots / "login-sso.png")

    await button.click()
    await expect(page).to_have_url(re.compile(re.escape(oidc_provider.issuer) + "/interaction/"))
    await _sign_in_at_provider(page, "ada")
    await expect(page).to_have_url(f"{sso_app.url}/dashboard")
    await expect(page.locator(".who")).to_have_text("Ada Lovelace")

    # Log out: our session ends, then the provider asks to confirm its own logout.
    await page.get_by_role("button", name="Log out").click()
    await expect(page).to_have_url(re.compile(re.escape(oidc_provider.issuer) + "/session/end"))
    assert (await page.request.get(f"{sso_app.url}/api/auth/me")).status == 401
    await page.get_by_role("button", name="Yes, sign me out").click()
    await expect(page).to_have_url(f"{sso_app.url}/login")
    # Signed out at the provider too: signing in again asks for the login once more.
    await page.get_by_role("link", name="Sign in with Example University").click()
    await expect(page.locator("input[name=login]")).to_be_visible()
    assert errors == []
    await context.close()


@pytest.mark.parametrize(("login", "reason"), [("eve", "refused_domain"), ("bob", "refused_group")])
async def test_people_the_settings_keep_out_see_a_page_in_their_language(
    sso_app: LiveServer, browser: Browser, login: str, reason: str
) -> None:
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{sso_app.url}/login")
    await assert_accessible(page, "the Dutch log-in page with single sign-on")
    await page.get_by_role("link", name="Inloggen met Example University").click()
    await _sign_in_at_provider(page, login)
    await expect(page.get_by_role("heading", level=1)).to_have_text(NL[f"sso.{reason}_title"])
    await expect(page.get_by_text(NL[f"sso.{reason}"])).to_be_visible()
    assert (await page.request.get(f"{sso_app.url}/api/auth/me")).status == 401
    await assert_accessible(page, "the refusal page")
    await page.get_by_role("link", name=NL["sso.back_to_login"]).click()
    await expect(page).to_have_url(f"{sso_app.url}/login")
    await context.close()


async def test_single_sign_on_only_pages_are_accessible(
    database_url: str, oidc_provider: Provider, browser: Browser
) -> None:
    """Passwords off: the log-in page is the button alone. And the page that follows "Log out"
    (which its script leaves for the provider's logout at once)."""
    settings = sso_settings(database_url, oidc_provider, password_login=False)
    async with sso_server(settings, oidc_provider) as app:
        context = await browser.new_context(locale="en-GB")
        page = await context.new_page()
        await page.goto(f"{app.url}/login")
        await expect(page.get_by_role("link", name="Sign in with Example University")).to_be_visible()
        assert await page.locator("form").count() == 0
        await assert_accessible(page, "the log-in page with passwords off")
        await page.get_by_role("link", name="Sign in with Example University").click()
        await _sign_in_at_provider(page, "ada")
        await expect(page).to_have_url(f"{app.url}/dashboard")
        # Held on the page after "Log out": its script, which moves on to the provider, never loads.
        await page.route("**/js/signed-out.js", lambda route: route.abort())
        await page.get_by_role("button", name="Log out").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Logged out")
        await expect(page.get_by_role("link", name="Also sign out at Example University")).to_be_visible()
        await assert_accessible(page, "the page after logging out")
        await context.close()
