from fastapi import APIRouter, Request, Response

from poll_service.accounts import auth
from poll_service.accounts.schemas import LoginIn, RegisterIn, TokenOut, UserPublic
from poll_service.accounts.service import authenticate, create_user, new_account_name, normalise_email
from poll_service.cookies import secure_cookie
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.errors import Forbidden, Unauthorized
from poll_service.models import User
from poll_service.ratelimit import RateLimiter
from poll_service.security import DEVICE_COOKIE, DEVICE_DAYS, SESSION_COOKIE

router = APIRouter(prefix="/api/auth", tags=["organisers"])

# Every registration counts from here: the one that fails on an existing email (409) hashes too.
EVERYONE = "all"


def _public(user: User) -> UserPublic:
    return UserPublic(id=user.id, email=user.email, display_name=user.display_name)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/register", status_code=201)
async def register(body: RegisterIn, request: Request, context: ContextDep) -> UserPublic:
    if not context.settings.allow_registration:
        raise Forbidden("registration is turned off on this server; ask its administrator")
    name = new_account_name(body.password, body.display_name)
    await context.limits.registrations_per_ip.hit(_client(request))
    await context.limits.registrations.hit(EVERYONE)
    password_hash = await context.hashing.hash(body.password)
    async with context.unit_of_work() as work:
        user = await create_user(work.session, body.email, password_hash, name)
    return _public(user)


@router.post("/login")
async def login(body: LoginIn, request: Request, response: Response, context: ContextDep) -> TokenOut:
    limits = context.limits
    email = normalise_email(body.email)
    await limits.logins_per_ip.hit(_client(request))
    # A browser that has logged into this account before has a budget of its own (devices.py).
    device = context.devices.read(request.cookies.get(DEVICE_COOKIE), email)
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
    secure = secure_cookie(context.settings, request)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=context.settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    if device is None:
        response.set_cookie(
            DEVICE_COOKIE,
            context.devices.issue(email),
            max_age=DEVICE_DAYS * 86400,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
        )
    return TokenOut(access_token=token)


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response, context: ContextDep) -> None:
    token, _ = auth.presented_token(request, SESSION_COOKIE)
    if token:
        async with context.unit_of_work() as work:
            await auth.end_session(work.session, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


@router.get("/me")
async def me(user: CurrentOrganiser) -> UserPublic:
    return _public(user)
