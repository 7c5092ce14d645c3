"""Single sign-on by HTTP against a real OpenID provider process: accounts made and linked on the
first sign-in, the people the settings keep out, and every answer the callback must not trust
(another browser's state, a code used twice, a changed ID token, another nonce) a clear 4xx."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from markupsafe import escape
from pydantic import ValidationError
from sqlalchemy import select

from poll_service.i18n import catalogue
from poll_service.models import AccountIdentity, User
from poll_service.settings import Settings
from poll_service.sso.flow import FLOW_COOKIE, Flow, FlowCookies
from tests.conftest import LiveServer, make_settings
from tests.helpers import new_organiser
from tests.sso.browsing import new_browser, to_callback
from tests.sso.conftest import sso_server, sso_settings
from tests.sso.provider import TAMPERED_CLIENT_ID, Provider

# The page texts as they appear in HTML (as Jinja escapes them).
EN = {k: escape(v) for k, v in catalogue("en").items()}
NL = {k: escape(v) for k, v in catalogue("nl").items()}


async def _me(http: httpx.AsyncClient, app: LiveServer) -> httpx.Response:
    return await http.get(f"{app.url}/api/auth/me")


async def _accounts(app: LiveServer) -> list[tuple[User, list[AccountIdentity]]]:
    async with app.app.state.context.sessionmaker() as session:
        users = (await session.scalars(select(User).order_by(User.email))).all()
        identities = (await session.scalars(select(AccountIdentity))).all()
    return [(u, [i for i in identities if i.user_id == u.id]) for u in users]


async def test_first_sign_in_makes_an_account_keyed_on_issuer_and_subject(
    sso_app: LiveServer, oidc_provider: Provider
) -> None:
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada", next_url="/dashboard%23p%3D1")
        assert parse_qs(urlsplit(callback).query)["state"]
        r = await http.get(callback)
        assert r.status_code == 303 and r.headers["location"] == "/dashboard#p=1"
        assert "poll_session=" in r.headers.get("set-cookie", "")
        me = await _me(http, sso_app)
        assert me.status_code == 200
        assert me.json()["email"] == "ada@example.org" and me.json()["display_name"] == "Ada Lovelace"
        first_id = me.json()["id"]
        dashboard = await http.get(f"{sso_app.url}/dashboard")
        assert dashboard.status_code == 200 and "Ada Lovelace" in dashboard.text

    # Again, in a new browser: the same account, found by (issuer, subject).
    async with new_browser() as http:
        assert (await http.get(await to_callback(http, sso_app.url, "ada"))).status_code == 303
        assert (await _me(http, sso_app)).json()["id"] == first_id

    [(user, identities)] = await _accounts(sso_app)
    assert user.password_hash is None
    assert [(i.issuer, i.subject) for i in identities] == [(oidc_provider.issuer, "ada")]
    # An account without a password cannot be logged into by one.
    async with httpx.AsyncClient(base_url=sso_app.url) as api:
        r = await api.post(
            "/api/auth/login", json={"email": "ada@example.org", "password": "anything at all"}
        )
        assert r.status_code == 401


async def test_a_local_account_is_linked_through_a_verified_email(sso_app: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=sso_app.url) as api:
        r = await api.post(
            "/api/auth/register",
            json={"email": "Grace@example.org", "password": "a long password", "display_name": "Grace"},
        )
        assert r.status_code == 201
        local_id = r.json()["id"]
        body = {"email": "grace@example.org", "password": "a long password"}
        earlier = (await api.post("/api/auth/login", json=body)).json()["access_token"]
    async with new_browser() as http:
        assert (await http.get(await to_callback(http, sso_app.url, "grace"))).status_code == 303
        me = (await _me(http, sso_app)).json()
        assert me["id"] == local_id and me["display_name"] == "Grace"  # her own name is kept
    [(user, identities)] = await _accounts(sso_app)
    assert user.password_hash is not None and [i.subject for i in identities] == ["grace"]
    # Sessions from before the link are over (whoever registered the address may have had one).
    async with httpx.AsyncClient(base_url=sso_app.url) as api:
        r = await api.get("/api/auth/me", headers={"Authorization": f"Bearer {earlier}"})
        assert r.status_code == 401
    # Someone else the provider later gives the address to gets no way into her account.
    async with new_browser() as http:
        r = await http.get(await to_callback(http, sso_app.url, "grace2"))
        assert r.status_code == 403 and EN["sso.refused_taken"] in r.text
        assert (await _me(http, sso_app)).status_code == 401
    async with httpx.AsyncClient(base_url=sso_app.url) as api:  # and her password still works
        r = await api.post(
            "/api/auth/login", json={"email": "grace@example.org", "password": "a long password"}
        )
        assert r.status_code == 200


@pytest.mark.parametrize(
    ("login", "reason"),
    [("eve", "refused_domain"), ("bob", "refused_group"), ("una", "refused_unverified")],
)
async def test_people_the_settings_keep_out_see_why_in_their_language(
    sso_app: LiveServer, login: str, reason: str
) -> None:
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, login)
        r = await http.get(callback, headers={"Accept-Language": "nl-NL,nl;q=0.9"})
        assert r.status_code == 403
        assert NL[f"sso.{reason}_title"] in r.text and NL[f"sso.{reason}"] in r.text
        assert "poll_session=" not in r.headers.get("set-cookie", "")
        assert (await _me(http, sso_app)).status_code == 401
    assert await _accounts(sso_app) == []


async def test_a_state_from_another_browser_is_refused(sso_app: LiveServer) -> None:
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada")
        forged = callback.replace("state=", "state=x")
        r = await http.get(forged)
        assert r.status_code == 400 and EN["sso.expired"] in r.text
        # The genuine answer, in a browser that never started this sign-in (login CSRF).
        async with new_browser() as victim:
            r = await victim.get(callback)
            assert r.status_code == 400 and EN["sso.expired"] in r.text
            assert (await _me(victim, sso_app)).status_code == 401
    assert await _accounts(sso_app) == []


async def test_an_answer_naming_another_issuer_is_refused(sso_app: LiveServer) -> None:
    """RFC 9207: the provider names itself in its answer; another name is a mix-up attack."""
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada")
        query = parse_qs(urlsplit(callback).query)
        assert query["iss"]
        r = await http.get(callback.replace("iss=", "iss=https%3A%2F%2Fevil.example%2F"))
        assert r.status_code == 400 and EN["sso.invalid"] in r.text
        assert (await _me(http, sso_app)).status_code == 401


def _refused_for(caplog: pytest.LogCaptureFixture) -> str:
    """Why the app refused the provider's answer (its log line): which check caught it."""
    lines = [r.getMessage() for r in caplog.records if r.name == "poll_service.routes.sso"]
    assert len(lines) == 1, lines
    return lines[0]


async def test_a_code_used_twice_is_refused(sso_app: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada")
        flow = http.cookies.get(FLOW_COOKIE)
        assert (await http.get(callback)).status_code == 303
        # The same answer again, flow cookie and all (as a thief with both would send it).
        async with new_browser() as thief:
            thief.cookies.set(FLOW_COOKIE, flow or "", path="/auth/oidc")
            r = await thief.get(callback)
            assert r.status_code == 400 and EN["sso.invalid"] in r.text
            assert (await _me(thief, sso_app)).status_code == 401
    assert "refused the code (invalid_grant)" in _refused_for(caplog)


async def test_an_id_token_for_another_nonce_is_refused(
    sso_app: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    settings: Settings = sso_app.app.state.context.settings
    cookies = FlowCookies(settings.secret)
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada")
        flow = cookies.read(http.cookies.get(FLOW_COOKIE))
        assert flow is not None
        # Same state and verifier (so the code exchange works), another nonce.
        other = Flow(flow.state, "another-nonce", flow.code_verifier, flow.next_url)
        http.cookies.set(FLOW_COOKIE, cookies.issue(other), path="/auth/oidc")
        r = await http.get(callback)
        assert r.status_code == 400 and EN["sso.invalid"] in r.text
        assert (await _me(http, sso_app)).status_code == 401
    assert "InvalidClaimError" in _refused_for(caplog) and "nonce" in _refused_for(caplog)


async def test_a_changed_id_token_is_refused(
    database_url: str, oidc_provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    settings = sso_settings(database_url, oidc_provider, oidc_client_id=TAMPERED_CLIENT_ID)
    async with sso_server(settings, oidc_provider) as app, new_browser() as http:
        r = await http.get(await to_callback(http, app.url, "ada"))
        assert r.status_code == 400 and EN["sso.invalid"] in r.text
        assert (await _me(http, app)).status_code == 401
        assert await _accounts(app) == []
    assert "BadSignatureError" in _refused_for(caplog)  # the provider's JWKS caught it


async def test_a_public_client_signs_in_by_pkce_alone(database_url: str, oidc_provider: Provider) -> None:
    settings = sso_settings(
        database_url, oidc_provider, oidc_client_id="poll-public", oidc_client_secret=None
    )
    async with sso_server(settings, oidc_provider) as app, new_browser() as http:
        assert (await http.get(await to_callback(http, app.url, "ada"))).status_code == 303
        assert (await _me(http, app)).json()["email"] == "ada@example.org"


async def test_logout_ends_the_session_here_and_sends_on_to_the_provider(
    sso_app: LiveServer, oidc_provider: Provider
) -> None:
    async with new_browser() as http:
        assert (await http.get(await to_callback(http, sso_app.url, "ada"))).status_code == 303
        r = await http.post(f"{sso_app.url}/logout")
        assert r.status_code == 200 and EN["sso.signed_out"] in r.text
        assert (await _me(http, sso_app)).status_code == 401
        link = r.text.split('id="provider-logout" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        assert link.startswith(f"{oidc_provider.issuer}/session/end?")
        query = parse_qs(urlsplit(link).query)
        assert query["post_logout_redirect_uri"] == [f"{sso_app.url}/login"]
        assert query["id_token_hint"][0].count(".") == 2 and query["client_id"] == ["poll-service"]


async def test_too_many_callbacks_from_one_address(database_url: str, oidc_provider: Provider) -> None:
    settings = sso_settings(database_url, oidc_provider, oidc_callbacks_per_ip_per_minute=2)
    async with sso_server(settings, oidc_provider) as app, new_browser() as http:
        answers = [
            (await http.get(f"{app.url}/auth/oidc/callback?code=x&state=y")).status_code for _ in range(3)
        ]
        assert answers == [400, 400, 429]


async def test_the_provider_refusing_or_unreachable_is_a_page_not_a_500(
    database_url: str, oidc_provider: Provider, sso_app: LiveServer
) -> None:
    async with new_browser() as http:
        callback = await to_callback(http, sso_app.url, "ada")
        state = parse_qs(urlsplit(callback).query)["state"][0]
        r = await http.get(f"{sso_app.url}/auth/oidc/callback?error=access_denied&state={state}")
        assert r.status_code == 403 and EN["sso.cancelled"] in r.text


async def test_an_unreachable_provider_is_a_502_page(database_url: str, oidc_provider: Provider) -> None:
    settings = sso_settings(database_url, oidc_provider, oidc_issuer="http://127.0.0.1:9")
    async with sso_server(settings, oidc_provider) as app, new_browser() as http:
        r = await http.get(f"{app.url}/auth/oidc/start")
        assert r.status_code == 502 and EN["sso.unavailable"] in r.text


async def test_passwords_can_be_switched_off(database_url: str, oidc_provider: Provider) -> None:
    settings = sso_settings(database_url, oidc_provider, password_login=False)
    async with sso_server(settings, oidc_provider) as app, httpx.AsyncClient(base_url=app.url) as api:
        body = {"email": "x@example.org", "password": "a long password", "display_name": "X"}
        r = await api.post("/api/auth/register", json=body)
        assert r.status_code == 403 and "turned off" in r.json()["detail"]
        r = await api.post("/api/auth/login", json={"email": "x@example.org", "password": "a long password"})
        assert r.status_code == 403 and "turned off" in r.json()["detail"]
        page = await api.get("/login")
        assert 'id="sso-start"' in page.text and "Sign in with Example University" in page.text
        assert 'id="login-form"' not in page.text and 'id="register-form"' not in page.text
        r = await api.post("/login", data={"email": "x@example.org", "password": "a long password"})
        assert r.status_code == 403 and EN["login.error_passwords_off"] in r.text


async def test_without_single_sign_on_the_login_page_is_as_before(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await client.post("/logout", headers=ada.headers)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert (await client.get("/api/auth/me", headers=ada.headers)).status_code == 401
    page = await client.get("/login")
    assert 'id="sso-start"' not in page.text and 'id="login-form"' in page.text
    r = await client.get("/auth/oidc/start")
    assert r.status_code == 404 and EN["sso.not_configured"] in r.text


def test_switching_passwords_off_needs_single_sign_on() -> None:
    with pytest.raises(ValidationError, match="needs single sign-on"):
        make_settings("sqlite+aiosqlite:///x.db", password_login=False)
    with pytest.raises(ValidationError, match="POLL_OIDC_CLIENT_ID"):
        make_settings("sqlite+aiosqlite:///x.db", oidc_issuer="https://idp.example.org")
