from fastapi import APIRouter, Request, Response

from poll_service.accounts import auth
from poll_service.accounts.schemas import LoginIn, RegisterIn, TokenOut, UserPublic
from poll_service.accounts.service import authenticate, create_user, normalise_email
from poll_service.cookies import secure_cookie
from poll_service.db import transaction
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.errors import Forbidden
from poll_service.models import User
from poll_service.security import SESSION_COOKIE

router = APIRouter(prefix="/api/auth", tags=["organisers"])


def _public(user: User) -> UserPublic:
    return UserPublic(id=user.id, email=user.email, display_name=user.display_name)


@router.post("/register", status_code=201)
async def register(body: RegisterIn, context: ContextDep) -> UserPublic:
    if not context.settings.allow_registration:
        raise Forbidden("registration is turned off on this server; ask its administrator")
    async with transaction(context.sessionmaker) as session:
        user = await create_user(session, body.email, body.password, body.display_name)
    return _public(user)


@router.post("/login")
async def login(body: LoginIn, request: Request, response: Response, context: ContextDep) -> TokenOut:
    client = request.client.host if request.client else "unknown"
    await context.limits.logins_per_ip.hit(client)
    await context.limits.logins_per_account.check(normalise_email(body.email))
    async with transaction(context.sessionmaker) as session:
        try:
            user = await authenticate(session, body.email, body.password)
        except Exception:
            await context.limits.logins_per_account.hit(normalise_email(body.email))
            raise
        token = await auth.start_session(session, user, context.settings.session_days)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=context.settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=secure_cookie(context.settings, request),
        path="/",
    )
    return TokenOut(access_token=token)


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response, context: ContextDep) -> None:
    token, _ = auth.presented_token(request, SESSION_COOKIE)
    if token:
        async with transaction(context.sessionmaker) as session:
            await auth.end_session(session, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


@router.get("/me")
async def me(user: CurrentOrganiser) -> UserPublic:
    return _public(user)
