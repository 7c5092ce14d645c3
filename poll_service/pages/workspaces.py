"""The workspace pages: your workspaces (`/workspaces`), one workspace's members, invitations and
audit log (`/workspaces/{id}`), and an invitation link (`/invite/{token}`). Plain forms that post
back to these pages: they work by keyboard and without scripts."""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from poll_service.context import AppContext
from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.errors import Forbidden, Gone, InvalidInput, NotFound, PollError
from poll_service.models import User, WebhookEndpoint, Workspace
from poll_service.pages.organiser_session import (
    not_found_page,
    organiser_from_cookie,
    refused_page,
    same_origin,
    to_login,
)
from poll_service.pages.templates import render
from poll_service.webhooks import endpoints
from poll_service.webhooks.outbox import EVENTS
from poll_service.workspaces import access, audit, invitations, inviting, members
from poll_service.workspaces.access import ROLES
from poll_service.workspaces.inviting import Invited
from poll_service.workspaces.schemas import InvitationCreate, RoleChange, WorkspaceCreate

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)
MAX_FORM_FIELD = 300  # characters of any one form field these pages read


async def posted(
    request: Request,
    context: AppContext,
    act: Callable[[User], Awaitable[Response]],
    *,
    hide_missing: bool = True,
) -> Response:
    """A form post by a signed-in organiser from this site: `act` answers it; a missing (or
    another workspace's) id is the not-found page, any other refusal a page that says why."""
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    if not same_origin(request, context):
        return refused_page(request, Forbidden("this form must be sent from this site"))
    try:
        return await act(user)
    except NotFound as error:
        return not_found_page(request) if hide_missing else refused_page(request, error)
    except PollError as error:
        return refused_page(request, error)


async def form_fields(request: Request, max_fields: int = 10) -> dict[str, str]:
    """The short fields of a plain form post (the admin page's too)."""
    form = await request.form(max_files=0, max_fields=max_fields)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if any(len(v) > MAX_FORM_FIELD for v in values.values()):
        raise InvalidInput(f"a field is longer than {MAX_FORM_FIELD} characters")
    return values


@router.get("/workspaces", summary="Your workspaces, and a form to start one")
async def workspaces_page(request: Request, context: ContextDep) -> Response:
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    async with context.unit_of_work() as work:
        await access.personal_workspace(work.session, user)
        found = await access.member_workspaces(work.session, user)
    return render(request, "workspaces.html", user=user, workspaces=found)


@router.post("/workspaces", summary="Start a workspace (form post)")
async def create_workspace(request: Request, context: ContextDep) -> Response:
    async def act(user: User) -> Response:
        try:
            body = WorkspaceCreate(name=(await form_fields(request)).get("name", ""))
        except ValidationError:
            raise InvalidInput("give the workspace a name (at most 100 characters)") from None
        await context.limits.deck_writes.hit(user.id)
        async with context.unit_of_work() as work:
            workspace = await members.create_workspace(work.session, user, body.name)
        return RedirectResponse(f"/workspaces/{workspace.id}", status_code=303)

    return await posted(request, context, act)


async def workspace_page_for(
    request: Request,
    context: AppContext,
    user: User,
    workspace_id: str,
    page: int = 1,
    invited: Invited | None = None,
    made: tuple[WebhookEndpoint, str] | None = None,
) -> Response:
    """The workspace page; after an invitation its link, after a new webhook its secret (once)."""
    async with context.sessionmaker() as session:
        role = await access.require_workspace(session, user, workspace_id, access.VIEW)
        workspace = await session.get(Workspace, workspace_id)
        assert workspace is not None
        listed = await members.members(session, workspace.id)
        owner = access.allows(role, access.MANAGE)
        pending = await invitations.pending(session, workspace.id) if owner else []
        log = await audit.page_of(session, workspace.id, page) if owner else None
        hooks = await endpoints.listed(session, workspace.id) if owner else []
    return render(
        request,
        "workspace.html",
        user=user,
        workspace=workspace,
        role=role,
        owner=owner,
        members=listed,
        invitations=pending,
        log=log,
        roles=ROLES,
        invited=invited,
        smtp=context.settings.smtp_url is not None,
        webhooks=hooks,
        events=EVENTS,
        made=made,
    )


@router.get(
    "/workspaces/{workspace_id}",
    summary="A workspace: members and roles; for owners invitations and the audit log",
)
async def workspace_page(request: Request, workspace_id: str, context: ContextDep, page: int = 1) -> Response:
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    try:
        return await workspace_page_for(
            request, context, user, workspace_id, max(1, min(page, 1_000_000)), None
        )
    except NotFound:
        return not_found_page(request)


@router.post("/workspaces/{workspace_id}/invitations", summary="Invite by e-mail (owners; form post)")
async def invite(request: Request, workspace_id: str, context: ContextDep, base: BaseUrlDep) -> Response:
    async def act(user: User) -> Response:
        async with context.sessionmaker() as session:  # a stranger's id is a 404 before the form is read
            await access.require_workspace(session, user, workspace_id, access.MANAGE)
        form = await form_fields(request)
        try:
            body = InvitationCreate.model_validate(
                {"email": form.get("email", ""), "role": form.get("role", "")}
            )
        except ValidationError:
            raise InvalidInput("give an e-mail address and one of the roles") from None
        invited = await inviting.invite(context, user, workspace_id, str(body.email), body.role, base)
        return await workspace_page_for(request, context, user, workspace_id, 1, invited)

    return await posted(request, context, act)


@router.post(
    "/workspaces/{workspace_id}/members/{user_id}",
    summary="Change a member's role, or remove them (owners; form post)",
)
async def change_role(request: Request, workspace_id: str, user_id: str, context: ContextDep) -> Response:
    async def act(user: User) -> Response:
        async with context.unit_of_work() as work:
            await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
            form = await form_fields(request)
            work.after_commit(context.access_watch.announce_after_commit(user_id[:64]))
            if form.get("remove") == "yes":
                await members.remove(work.session, user, workspace_id, user_id)
            else:
                try:
                    body = RoleChange.model_validate({"role": form.get("role", "")})
                except ValidationError:
                    raise InvalidInput("choose one of the roles") from None
                await members.change_role(work.session, user, workspace_id, user_id, body.role)
        return RedirectResponse(f"/workspaces/{workspace_id}#members", status_code=303)

    return await posted(request, context, act)


@router.post(
    "/workspaces/{workspace_id}/invitations/{invitation_id}/revoke",
    summary="Revoke an invitation (owners; form post)",
)
async def revoke(request: Request, workspace_id: str, invitation_id: str, context: ContextDep) -> Response:
    async def act(user: User) -> Response:
        async with context.unit_of_work() as work:
            await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
            await invitations.revoke(work.session, user, workspace_id, invitation_id)
        return RedirectResponse(f"/workspaces/{workspace_id}#invitations", status_code=303)

    return await posted(request, context, act)


@router.get("/invite/{token}", summary="An invitation link: join the workspace it names (sign in first)")
async def invitation_page(request: Request, token: str, context: ContextDep) -> Response:
    user = await organiser_from_cookie(request, context)
    try:
        async with context.sessionmaker() as session:
            invitation, workspace = await invitations.usable(session, token[:200])
    except (NotFound, Gone) as error:
        return refused_page(request, error)
    return render(
        request,
        "invite.html",
        user=user,
        invitation=invitation,
        workspace=workspace,
        here=f"/invite/{token}",
        sso=context.settings.single_sign_on,
    )


@router.post("/invite/{token}", summary="Accept an invitation (form post, signed in)")
async def accept(request: Request, token: str, context: ContextDep) -> Response:
    async def act(user: User) -> Response:
        await context.limits.deck_writes.hit(user.id)
        async with context.unit_of_work() as work:
            workspace, _ = await invitations.accept(work.session, user, token[:200])
        return RedirectResponse(f"/workspaces/{workspace.id}", status_code=303)

    return await posted(request, context, act, hide_missing=False)
