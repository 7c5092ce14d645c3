"""Workspaces: yours, their members and roles, invitations (by link, and by e-mail when an SMTP
server is set) and the audit log. Each route asks workspaces/access.py what the caller may do."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from poll_service.accounts.auth import current_signed_in_organiser
from poll_service.deps import BaseUrlDep, ContextDep, CurrentOrganiser
from poll_service.models import User, Workspace
from poll_service.workspaces import access, audit, invitations, inviting, members
from poll_service.workspaces.schemas import (
    AuditEntryPublic,
    AuditPagePublic,
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    InvitationPublic,
    Joined,
    MemberPublic,
    RoleChange,
    WorkspaceCreate,
    WorkspaceDetail,
    WorkspacePublic,
)

router = APIRouter(tags=["workspaces"])
SignedIn = Annotated[User, Depends(current_signed_in_organiser)]


@router.get("/api/workspaces", summary="Your workspaces and your role in each")
async def list_workspaces(user: CurrentOrganiser, context: ContextDep) -> list[WorkspacePublic]:
    async with context.unit_of_work() as work:
        await access.personal_workspace(work.session, user)
        found = await access.member_workspaces(work.session, user)
    return [WorkspacePublic(id=w.id, name=w.name, personal=w.personal, role=r) for w, r in found]


@router.post("/api/workspaces", status_code=201, summary="A new workspace, with you as its owner")
async def create_workspace(
    body: WorkspaceCreate, user: CurrentOrganiser, context: ContextDep
) -> WorkspacePublic:
    await context.limits.deck_writes.hit(user.id)
    async with context.unit_of_work() as work:
        workspace = await members.create_workspace(work.session, user, body.name)
    return WorkspacePublic(id=workspace.id, name=workspace.name, personal=False, role="owner")


@router.get("/api/workspaces/{workspace_id}", summary="A workspace and its members (any member)")
async def get_workspace(workspace_id: str, user: CurrentOrganiser, context: ContextDep) -> WorkspaceDetail:
    async with context.sessionmaker() as session:
        role = await access.require_workspace(session, user, workspace_id, access.VIEW)
        workspace = await session.get(Workspace, workspace_id)
        assert workspace is not None
        listed = await members.members(session, workspace.id)
    return WorkspaceDetail(
        id=workspace.id,
        name=workspace.name,
        personal=workspace.personal,
        role=role,
        members=[MemberPublic.of(m) for m in listed],
    )


@router.patch("/api/workspaces/{workspace_id}/members/{user_id}", summary="Change a member's role (owners)")
async def change_role(
    workspace_id: str, user_id: str, body: RoleChange, user: CurrentOrganiser, context: ContextDep
) -> MemberPublic:
    async with context.unit_of_work() as work:
        await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
        member = await members.change_role(work.session, user, workspace_id, user_id, body.role)
        work.after_commit(context.access_watch.announce_after_commit(member.user_id))
    return MemberPublic.of(member)


@router.delete(
    "/api/workspaces/{workspace_id}/members/{user_id}", status_code=204, summary="Remove a member (owners)"
)
async def remove_member(workspace_id: str, user_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    async with context.unit_of_work() as work:
        await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
        await members.remove(work.session, user, workspace_id, user_id)
        work.after_commit(context.access_watch.announce_after_commit(user_id[:64]))


@router.get("/api/workspaces/{workspace_id}/invitations", summary="Open invitations (owners)")
async def list_invitations(
    workspace_id: str, user: CurrentOrganiser, context: ContextDep
) -> list[InvitationPublic]:
    async with context.sessionmaker() as session:
        await access.require_workspace(session, user, workspace_id, access.MANAGE)
        return [InvitationPublic.of(i) for i in await invitations.pending(session, workspace_id)]


@router.post(
    "/api/workspaces/{workspace_id}/invitations",
    status_code=201,
    summary="Invite someone by e-mail (owners): the link is shown this once, mailed when SMTP is set",
)
async def invite(
    workspace_id: str, body: InvitationCreate, user: CurrentOrganiser, context: ContextDep, base: BaseUrlDep
) -> InvitationCreated:
    invited = await inviting.invite(context, user, workspace_id, str(body.email), body.role, base)
    public = InvitationPublic.of(invited.invitation).model_dump()
    return InvitationCreated(**public, url=invited.url, mailed=invited.mailed)


@router.delete(
    "/api/workspaces/{workspace_id}/invitations/{invitation_id}",
    status_code=204,
    summary="Revoke an invitation (owners): its link stops working",
)
async def revoke_invitation(
    workspace_id: str, invitation_id: str, user: CurrentOrganiser, context: ContextDep
) -> None:
    async with context.unit_of_work() as work:
        await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
        await invitations.revoke(work.session, user, workspace_id, invitation_id)


@router.post("/api/invitations/accept", summary="Accept an invitation: join its workspace with its role")
async def accept_invitation(body: InvitationAccept, user: SignedIn, context: ContextDep) -> Joined:
    await context.limits.deck_writes.hit(user.id)  # a guesser spends the organiser's write budget
    async with context.unit_of_work() as work:
        workspace, role = await invitations.accept(work.session, user, body.token.strip())
    return Joined(workspace_id=workspace.id, name=workspace.name, role=role)


@router.get(
    "/api/workspaces/{workspace_id}/audit", summary="The workspace's audit log, newest first (owners)"
)
async def audit_log(
    workspace_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> AuditPagePublic:
    async with context.sessionmaker() as session:
        await access.require_workspace(session, user, workspace_id, access.MANAGE)
        found = await audit.page_of(session, workspace_id, page)
    return AuditPagePublic(
        entries=[AuditEntryPublic.of(e) for e in found.entries],
        page=found.page,
        pages=found.pages,
        total=found.total,
    )
