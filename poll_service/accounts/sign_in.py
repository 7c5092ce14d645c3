"""Organisers signing up and logging in: the use cases the JSON API and the pages both call.

Registration is limited per address and overall before the password is hashed (a 409 for an
existing email costs the same hash), and hashing runs off the event loop (security.py). A log-in
is limited per address, and per account or, for a browser that has logged into that account
before, per device (security.DeviceCookies): a guesser elsewhere cannot lock the owner out."""

from dataclasses import dataclass

from fastapi import Response

from poll_service.accounts import auth, registration
from poll_service.accounts.schemas import LoginIn, RegisterIn
from poll_service.accounts.service import authenticate, create_user, new_account_name, normalise_email
from poll_service.context import AppContext
from poll_service.errors import Forbidden, Unauthorized
from poll_service.models import User
from poll_service.ratelimit import RateLimiter
from poll_service.security import DEVICE_COOKIE, DEVICE_DAYS, SESSION_COOKIE

PASSWORDS_OFF = "log-in by password is turned off on this server: sign in with your organisation's account"
# Every registration counts from here: the one that fails on an existing email (409) hashes too.
EVERYONE = "all"


@dataclass(frozen=True)
class LoggedIn:
    token: str
    # A new device cookie for a browser that had none for this account (None: it keeps its own).
    device_cookie: str | None


async def register(context: AppContext, body: RegisterIn, client: str) -> User:
    if not context.settings.password_login:
        raise Forbidden(PASSWORDS_OFF)
    async with context.sessionmaker() as session:
        await registration.check_may_register(session, context.settings, body.email, body.invitation)
    name = new_account_name(body.password, body.display_name)
    await context.limits.registrations_per_ip.hit(client)
    await context.limits.registrations.hit(EVERYONE)
    password_hash = await context.hashing.hash(body.password)
    async with context.unit_of_work() as work:
        return await create_user(work.session, body.email, password_hash, name)


async def log_in(context: AppContext, body: LoginIn, client: str, device_cookie: str | None) -> LoggedIn:
    if not context.settings.password_login:
        raise Forbidden(PASSWORDS_OFF)
    limits = context.limits
    email = normalise_email(body.email)
    await limits.logins_per_ip.hit(client)
    device = context.devices.read(device_cookie, email)
    budget: RateLimiter = limits.logins_per_device if device else limits.logins_per_account
    key = f"{email}|{device.device}" if device else email
    await budget.check(key)
    try:
        user = await authenticate(context.sessionmaker, context.hashing, email, body.password)
    except Unauthorized:
        await budget.hit(key)
        raise
    async with context.unit_of_work() as work:
        token = await auth.start_session(work.session, user, context.settings.session_days)
    return LoggedIn(token, None if device else context.devices.issue(email))


def set_login_cookies(response: Response, logged_in: LoggedIn, session_days: int, secure: bool) -> None:
    _cookie(response, SESSION_COOKIE, logged_in.token, session_days, secure)
    if logged_in.device_cookie is not None:
        _cookie(response, DEVICE_COOKIE, logged_in.device_cookie, DEVICE_DAYS, secure)


def _cookie(response: Response, name: str, value: str, days: int, secure: bool) -> None:
    response.set_cookie(
        name, value, max_age=days * 86400, httponly=True, samesite="lax", secure=secure, path="/"
    )
