"""Personal API tokens: list, make (the token shown once), revoke. Only with a login: a token
cannot make or revoke tokens."""

from typing import Annotated

from fastapi import APIRouter, Depends

from poll_service.accounts import api_tokens as service
from poll_service.accounts.auth import current_signed_in_organiser
from poll_service.deps import ContextDep
from poll_service.models import ApiToken, User
from poll_service.tokens.schemas import TokenCreate, TokenCreated, TokenPublic
from poll_service.workspaces import audit

router = APIRouter(tags=["api tokens"])
SignedIn = Annotated[User, Depends(current_signed_in_organiser)]


@router.get("/api/tokens", summary="Your API tokens (never the tokens themselves)")
async def list_tokens(user: SignedIn, context: ContextDep) -> list[TokenPublic]:
    async with context.sessionmaker() as session:
        return [TokenPublic.of(t) for t in await service.listed(session, user)]


@router.post("/api/tokens", status_code=201, summary="Make an API token: it is shown this once")
async def create_token(body: TokenCreate, user: SignedIn, context: ContextDep) -> TokenCreated:
    await context.limits.deck_writes.hit(user.id)  # an organiser write like a new deck
    async with context.unit_of_work() as work:
        token, secret = await service.create(
            work.session, user, body.name.strip(), body.scope, body.expires_in_days
        )
        await work.session.flush()
        await audit.record_in_every_workspace(
            work.session, user, "token.create", f"{token.name} ({token.prefix}…)"
        )
        return TokenCreated(**TokenPublic.of(token).model_dump(), token=secret)


@router.delete("/api/tokens/{token_id}", summary="Revoke an API token (at once, on every worker)")
async def revoke_token(token_id: str, user: SignedIn, context: ContextDep) -> TokenPublic:
    async with context.unit_of_work() as work:
        token = await service.revoke(work.session, user, token_id)
        await audit.record_in_every_workspace(
            work.session, user, "token.revoke", f"{token.name} ({token.prefix}…)"
        )
        return TokenPublic.of(token)


def _label(token: ApiToken) -> str:
    return f"{token.name} ({token.prefix}…)"
