"""The administration API (docs/administration.md): for the server's administrators only (403 for
everyone else, 401 without a login), signed in, never with an API token. Every change is audited
in the instance's log, and changes are rate limited per administrator."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from poll_service.accounts import registration
from poll_service.accounts.auth import current_admin
from poll_service.admin import audit_log, usage, users
from poll_service.admin.audit_log import AuditRow
from poll_service.admin.paging import MAX_PER_PAGE, MAX_QUERY, Page
from poll_service.admin.schemas import RegistrationPolicy, RegistrationPublic, UserChange, parse_moment
from poll_service.admin.usage import DeliveryRow, WorkspaceUsage
from poll_service.admin.users import UserRow
from poll_service.deps import ContextDep
from poll_service.errors import InvalidInput
from poll_service.models import User
from poll_service.workspaces import audit

router = APIRouter(prefix="/api/admin", tags=["administration"])
CurrentAdmin = Annotated[User, Depends(current_admin)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
Text = Annotated[str, Query(max_length=MAX_QUERY)]
Moment = Annotated[str | None, Query(max_length=40, description="a date (2026-12-04) or ISO 8601 moment")]
Id = Annotated[str | None, Query(max_length=64)]


@router.get("/users", summary="Accounts, by e-mail address; q matches part of the address or the name")
async def list_users(
    admin: CurrentAdmin, context: ContextDep, q: Text = "", page: PageNo = 1, per_page: PerPage = 25
) -> Page[UserRow]:
    async with context.sessionmaker() as session:
        found = await users.list_users(session, q, page, per_page)
    return found


@router.get("/users/{user_id}", summary="One account")
async def get_user(user_id: str, admin: CurrentAdmin, context: ContextDep) -> UserRow:
    async with context.sessionmaker() as session:
        return await users.row_of(session, user_id)


@router.patch(
    "/users/{user_id}",
    summary="Disable or enable an account, or change its role (409: it would leave no administrator)",
)
async def change_user(user_id: str, body: UserChange, admin: CurrentAdmin, context: ContextDep) -> UserRow:
    await context.limits.admin_actions.hit(admin.id)
    async with context.unit_of_work() as work:
        user = await users.account(work.session, user_id)
        work.after_commit(context.access_watch.announce_after_commit(user.id))  # disabled: sockets close
        if body.role is not None:
            await users.set_role(work.session, admin, user, body.role)
        if body.disabled is not None:
            await users.set_disabled(work.session, admin, user, body.disabled)
    async with context.sessionmaker() as session:
        return await users.row_of(session, user_id)


@router.delete(
    "/users/{user_id}",
    status_code=204,
    summary="Delete an account with its data (409: the last administrator, or a team's only owner)",
)
async def delete_user(user_id: str, admin: CurrentAdmin, context: ContextDep) -> Response:
    await context.limits.admin_actions.hit(admin.id)
    async with context.unit_of_work() as work:
        user = await users.account(work.session, user_id)
        await users.delete_account(work, admin, user)
        work.after_commit(context.access_watch.announce_after_commit(user.id))
    return Response(status_code=204)


@router.get("/registration", summary="Who may make an account: open, invitation or closed")
async def get_registration(admin: CurrentAdmin, context: ContextDep) -> RegistrationPublic:
    async with context.sessionmaker() as session:
        policy = await registration.policy(session, context.settings)
    return RegistrationPublic(policy=policy, default=context.settings.default_registration)


@router.put("/registration", summary="Change the registration policy for every worker and node")
async def set_registration(
    body: RegistrationPolicy, admin: CurrentAdmin, context: ContextDep
) -> RegistrationPublic:
    await context.limits.admin_actions.hit(admin.id)
    async with context.unit_of_work() as work:
        await registration.set_policy(work.session, body.policy)
        audit.record_instance(work.session, admin, "admin.registration", body.policy)
    return RegistrationPublic(policy=body.policy, default=context.settings.default_registration)


@router.get("/workspaces", summary="Workspaces and their usage: members, presentations, answers, image bytes")
async def list_workspaces(
    admin: CurrentAdmin, context: ContextDep, q: Text = "", page: PageNo = 1, per_page: PerPage = 25
) -> Page[WorkspaceUsage]:
    async with context.sessionmaker() as session:
        found = await usage.workspaces(session, q, page, per_page)
    return found


def _audit_filter(
    action: Annotated[str | None, Query(max_length=40)] = None,
    actor: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
    workspace_id: Annotated[
        str | None,
        Query(max_length=64, description="a workspace's id, or `instance` for the administrators'"),
    ] = None,
    since: Moment = None,
    until: Moment = None,
) -> audit_log.AuditFilter:
    if action and action not in audit.ACTIONS:
        raise InvalidInput(f"action must be one of {', '.join(audit.ACTIONS)}")
    return audit_log.AuditFilter(
        action or None,
        actor or None,
        workspace_id or None,
        parse_moment(since, "since"),
        parse_moment(until, "until"),
    )


AuditFilterDep = Annotated[audit_log.AuditFilter, Depends(_audit_filter)]


@router.get("/audit", summary="The audit log of every workspace and of the administrators, newest first")
async def audit_entries(
    admin: CurrentAdmin, context: ContextDep, what: AuditFilterDep, page: PageNo = 1, per_page: PerPage = 50
) -> Page[AuditRow]:
    async with context.sessionmaker() as session:
        found = await audit_log.page_of(session, what, page, per_page)
    return found


@router.get(
    "/audit.csv",
    summary="The filtered audit log as CSV (cells that a spreadsheet would run as formulas are quoted)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def audit_csv(admin: CurrentAdmin, context: ContextDep, what: AuditFilterDep) -> Response:
    await context.limits.admin_actions.hit(admin.id)
    async with context.unit_of_work() as work:
        body = await audit_log.csv_of(work.session, what)
        audit.record_instance(work.session, admin, "admin.audit_export", _described(what))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"', "Cache-Control": "no-store"},
    )


def _described(what: audit_log.AuditFilter) -> str:
    parts = [f"{k}={v}" for k, v in what.__dict__.items() if v is not None]
    return ", ".join(parts) or "everything"


@router.get(
    "/webhook-deliveries", summary="The latest webhook deliveries of every organiser, and where each stands"
)
async def webhook_deliveries(
    admin: CurrentAdmin,
    context: ContextDep,
    status: Annotated[str | None, Query(max_length=12)] = None,
    page: PageNo = 1,
    per_page: PerPage = 50,
) -> Page[DeliveryRow]:
    if status and status not in usage.DELIVERY_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(usage.DELIVERY_STATUSES)}")
    async with context.sessionmaker() as session:
        found = await usage.deliveries(session, status or None, page, per_page)
    return found
