"""Single sign-on routes: off to the provider, back with a code, and logging out (here, then at
the provider when it offers RP-initiated logout). Every refusal is a page in the visitor's
language with a 4xx (or 502 when the provider cannot be reached), never a 500."""

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from poll_service.accounts import auth, sign_in
from poll_service.connection import base_url, client_address
from poll_service.context import AppContext
from poll_service.cookies import secure_cookie
from poll_service.deps import ContextDep
from poll_service.errors import TooManyRequests
from poll_service.pages.organiser_session import safe_next
from poll_service.pages.templates import render
from poll_service.security import SESSION_COOKIE
from poll_service.sso import flow as cookies
from poll_service.sso.flow import Flow, FlowCookies, state_matches
from poll_service.sso.oidc import InvalidResponse, OidcClient, ProviderUnavailable
from poll_service.sso.sign_on import SignOnRefused, sign_on

router = APIRouter(tags=["single sign-on"], default_response_class=HTMLResponse)
log = logging.getLogger(__name__)

CALLBACK_PATH = "/auth/oidc/callback"
# Where the provider sends the browser after its own logout (registered there as well).
AFTER_LOGOUT_PATH = "/login"


def _client(request: Request, context: AppContext) -> OidcClient | None:
    """The provider client of this app (its discovery and keys cached), None when SSO is off."""
    if not context.settings.single_sign_on:
        return None
    client: OidcClient | None = getattr(request.app.state, "oidc_client", None)
    if client is None:
        client = request.app.state.oidc_client = OidcClient(context.settings)
    return client


def _redirect_uri(request: Request, context: AppContext) -> str:
    return base_url(request.scope, context.settings.public_url) + CALLBACK_PATH


def problem_page(
    request: Request, reason: str, status_code: int, headers: dict[str, str] | None = None
) -> Response:
    response = render(
        request,
        "message.html",
        status_code=status_code,
        title_key=f"sso.{reason}_title",
        message_key=f"sso.{reason}",
        back_href="/login",
        back_key="sso.back_to_login",
    )
    response.headers.update(headers or {})
    cookies.clear_flow_cookie(response)
    return response


@router.get("/auth/oidc/start", summary="Single sign-on: off to the organisation's provider", status_code=303)
async def start(
    request: Request, context: ContextDep, next: Annotated[str | None, Query(max_length=500)] = None
) -> Response:
    client = _client(request, context)
    if client is None:
        return problem_page(request, "not_configured", 404)
    try:
        asked = await client.authorization_request(_redirect_uri(request, context))
    except ProviderUnavailable as exc:
        log.warning("single sign-on: %s", exc)
        return problem_page(request, "unavailable", 502)
    value = FlowCookies(context.settings.secret).issue(
        Flow(asked.state, asked.nonce, asked.code_verifier, safe_next(next))
    )
    response = RedirectResponse(asked.url, status_code=303)
    cookies.set_flow_cookie(response, value, secure_cookie(context.settings, request))
    return response


@router.get(CALLBACK_PATH, summary="Single sign-on: the provider's answer (code and state)")
async def callback(
    request: Request,
    context: ContextDep,
    code: Annotated[str | None, Query(max_length=2000)] = None,
    state: Annotated[str | None, Query(max_length=500)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    iss: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    client = _client(request, context)
    if client is None:
        return problem_page(request, "not_configured", 404)
    try:
        await context.limits.sso_callbacks.hit(client_address(request))
    except TooManyRequests as exc:
        return problem_page(request, "slow_down", 429, exc.headers)
    flow = FlowCookies(context.settings.secret).read(request.cookies.get(cookies.FLOW_COOKIE))
    if flow is None or not state_matches(flow, state):
        # Expired, started in another browser, or not started by us at all (login CSRF).
        return problem_page(request, "expired", 400)
    if error is not None or not code:
        # The person cancelled at the provider, or the provider refused them there.
        return problem_page(request, "cancelled", 403 if error == "access_denied" else 400)
    try:
        redirect_uri = _redirect_uri(request, context)
        identity = await client.finish(code, flow.code_verifier, flow.nonce, redirect_uri, iss)
        token = await sign_on(context, identity)
    except SignOnRefused as refused:
        # For the administrator who is asked why: the reason, never the person's address.
        log.info("single sign-on refused a person (%s)", refused.reason.value)
        return problem_page(request, f"refused_{refused.reason.value}", 403)
    except InvalidResponse as exc:
        log.warning("single sign-on refused an answer of the provider: %s", exc)
        return problem_page(request, "invalid", 400)
    except ProviderUnavailable as exc:
        log.warning("single sign-on: %s", exc)
        return problem_page(request, "unavailable", 502)
    response = RedirectResponse(flow.next_url, status_code=303)
    secure = secure_cookie(context.settings, request)
    days = context.settings.session_days
    sign_in.set_login_cookies(response, sign_in.LoggedIn(token, None), days, secure)
    cookies.set_hint_cookie(response, identity.id_token, days, secure)
    cookies.clear_flow_cookie(response)
    return response


@router.post("/logout", summary="Log out by form post; then at the provider, when signed in through it")
async def logout(request: Request, context: ContextDep) -> Response:
    """Our session ends first, whatever the provider says. Signed in through the provider, a page
    then sends the browser on to its logout (a form may not redirect to another site: CSP
    form-action 'self'); otherwise on to the log-in page."""
    token, _ = auth.presented_token(request, SESSION_COOKIE)
    if token:
        async with context.unit_of_work() as work:
            await auth.end_session(work.session, token)
    hint = request.cookies.get(cookies.HINT_COOKIE)
    provider_logout = None
    client = _client(request, context)
    if client is not None and hint:
        after = base_url(request.scope, context.settings.public_url) + AFTER_LOGOUT_PATH
        try:
            provider_logout = await client.logout_url(hint, after)
        except ProviderUnavailable as exc:
            log.warning("single sign-on logout: %s", exc)
    response: Response
    if provider_logout is None:
        response = RedirectResponse(AFTER_LOGOUT_PATH, status_code=303)
    else:
        response = render(
            request,
            "signed_out.html",
            provider_logout=provider_logout,
            provider_name=context.settings.oidc_display_name,
        )
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    cookies.clear_hint_cookie(response)
    return response
