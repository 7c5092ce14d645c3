"""The log-in and sign-up pages, and their form posts (the JSON API's own rules behind them)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from poll_service.accounts import registration, sign_in
from poll_service.accounts.schemas import LoginIn, RegisterIn
from poll_service.accounts.service import AccountDisabled
from poll_service.connection import client_address
from poll_service.context import AppContext
from poll_service.cookies import secure_cookie
from poll_service.deps import ContextDep
from poll_service.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    PollError,
    TooManyRequests,
    Unauthorized,
)
from poll_service.pages.organiser_session import (
    organiser_from_cookie,
    safe_next,
    same_origin,
)
from poll_service.pages.templates import render
from poll_service.security import DEVICE_COOKIE

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)


async def login_form_page(
    request: Request,
    context: AppContext,
    next_url: str,
    *,
    form: str = "login",
    error: str | None = None,
    email: str = "",
    name: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    async with context.sessionmaker() as session:
        policy = await registration.policy(session, context.settings)
    # Under "invitation" the sign-up form shows on the way to an invitation link only.
    invited = registration.invitation_in(next_url) is not None
    response = render(
        request,
        "login.html",
        status_code=status_code,
        next_url=next_url,
        allow_registration=policy == "open" or (policy == "invitation" and invited),
        password_login=context.settings.password_login,
        sso_name=context.settings.oidc_display_name if context.settings.single_sign_on else None,
        form=form,
        error=error,
        email=email,
        name=name,
    )
    response.headers.update(headers or {})
    return response


async def _log_in(
    request: Request, context: AppContext, email: str, password: str, next_url: str
) -> Response:
    """The JSON API's own log-in (rate limits, session, cookies), then on to `next_url`."""
    body = LoginIn(email=email, password=password)
    device = request.cookies.get(DEVICE_COOKIE)
    logged_in = await sign_in.log_in(context, body, client_address(request), device)
    redirect = RedirectResponse(next_url, status_code=303)
    secure = secure_cookie(context.settings, request)
    sign_in.set_login_cookies(redirect, logged_in, context.settings.session_days, secure)
    return redirect


@router.get("/login", summary="Organiser log-in page (and sign-up when registration is open)")
async def login_page(request: Request, context: ContextDep, next: str | None = None) -> Response:
    if await organiser_from_cookie(request, context) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return await login_form_page(request, context, safe_next(next))


@router.post(
    "/login",
    summary="Log in by form post; sets the session cookie and redirects to `next`",
    status_code=303,
    response_class=RedirectResponse,
)
async def login_by_form(
    request: Request,
    context: ContextDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
) -> Response:
    next_url = safe_next(next)
    if not same_origin(request, context):
        return await login_form_page(request, context, next_url, error="login.error_origin", status_code=403)
    try:
        return await _log_in(request, context, email, password, next_url)
    except ValidationError:
        return await login_form_page(request, context, next_url, error="login.error_wrong", status_code=401)
    except PollError as exc:
        return await login_form_page(
            request,
            context,
            next_url,
            error=_login_error_text(exc),
            email=email,
            status_code=exc.status_code,
            headers=exc.headers,
        )


def _login_error_text(exc: PollError) -> str:
    if isinstance(exc, Unauthorized):
        return "login.error_wrong"
    if isinstance(exc, TooManyRequests):
        return "login.error_slow_down"
    if isinstance(exc, AccountDisabled):
        return "login.error_disabled"
    if isinstance(exc, Forbidden):
        return "login.error_passwords_off"
    return "common.try_again"


@router.post(
    "/register",
    summary="Create an organiser account by form post, then log in",
    status_code=303,
    response_class=RedirectResponse,
)
async def register_by_form(
    request: Request,
    context: ContextDep,
    display_name: Annotated[str, Form(max_length=100)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
) -> Response:
    next_url = safe_next(next)

    async def again(error: str, status_code: int) -> HTMLResponse:
        return await login_form_page(
            request,
            context,
            next_url,
            form="register",
            error=error,
            email=email,
            name=display_name,
            status_code=status_code,
        )

    if not same_origin(request, context):
        return await again("login.error_origin", 403)
    try:
        body = RegisterIn(
            email=email,
            password=password,
            display_name=display_name,
            invitation=registration.invitation_in(next_url),
        )
        await sign_in.register(context, body, client_address(request))
        return await _log_in(request, context, email, password, next_url)
    except (ValidationError, InvalidInput):
        return await again("login.error_invalid", 422)
    except Conflict:
        return await again("login.error_taken", 409)
    except Forbidden as exc:
        if not context.settings.password_login:
            return await again("login.error_passwords_off", 403)
        invitation_only = exc.message == registration.NEEDS_INVITATION
        return await again("login.error_invitation_only" if invitation_only else "login.error_closed", 403)
    except PollError as exc:
        return await again(_login_error_text(exc), exc.status_code)
