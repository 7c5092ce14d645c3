from fastapi import APIRouter, Request, Response

from poll_service.accounts import auth, sign_in
from poll_service.accounts.schemas import LoginIn, RegisterIn, TokenOut, UserPublic
from poll_service.connection import client_address
from poll_service.cookies import secure_cookie
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.models import User
from poll_service.security import DEVICE_COOKIE, SESSION_COOKIE

router = APIRouter(prefix="/api/auth", tags=["organisers"])


def _public(user: User) -> UserPublic:
    return UserPublic(id=user.id, email=user.email, display_name=user.display_name, role=user.role)


@router.post("/register", status_code=201)
async def register(body: RegisterIn, request: Request, context: ContextDep) -> UserPublic:
    return _public(await sign_in.register(context, body, client_address(request)))


@router.post("/login")
async def login(body: LoginIn, request: Request, response: Response, context: ContextDep) -> TokenOut:
    logged_in = await sign_in.log_in(
        context, body, client_address(request), request.cookies.get(DEVICE_COOKIE)
    )
    secure = secure_cookie(context.settings, request)
    sign_in.set_login_cookies(response, logged_in, context.settings.session_days, secure)
    return TokenOut(access_token=logged_in.token)


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
