"""The administration page (`/admin`): accounts, the registration policy, workspaces and their
usage, the audit log and webhook deliveries, for the server's administrators. Plain forms that
post back here: they work by keyboard and without scripts. Everyone else gets a refusal (403)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from poll_service.accounts import registration
from poll_service.admin import audit_log, usage, users
from poll_service.admin.schemas import parse_moment
from poll_service.context import AppContext
from poll_service.deps import ContextDep
from poll_service.errors import Conflict, Forbidden, InvalidInput, NotFound, PollError
from poll_service.models import User
from poll_service.pages.organiser_session import (
    not_found_page,
    organiser_from_cookie,
    refused_page,
    same_origin,
    to_login,
)
from poll_service.pages.templates import render
from poll_service.pages.workspaces import form_fields
from poll_service.workspaces import audit

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)
USERS_PER_PAGE = 25
WORKSPACES_PER_PAGE = 20
AUDIT_PER_PAGE = 50
DELIVERIES_SHOWN = 20
NOT_ADMIN = Forbidden("this page is for the server's administrators only")


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 8 else 1


@dataclass
class _View:
    """What the page shows, from its query: each list has its own search and page."""

    q: str = ""
    page: int = 1
    ws_q: str = ""
    ws_page: int = 1
    audit: dict[str, str] = field(default_factory=dict)
    audit_page: int = 1

    @classmethod
    def of(cls, request: Request) -> "_View":
        query = request.query_params
        text = {k: query.get(k, "")[:100] for k in ("q", "ws_q", "action", "actor", "since", "until")}
        return cls(
            q=text["q"],
            page=_number(query.get("page")),
            ws_q=text["ws_q"],
            ws_page=_number(query.get("ws_page")),
            audit={k: text[k] for k in ("action", "actor", "since", "until") if text[k]},
            audit_page=_number(query.get("audit_page")),
        )

    def link(self, **changes: Any) -> str:
        values: dict[str, Any] = {
            "q": self.q,
            "page": self.page,
            "ws_q": self.ws_q,
            "ws_page": self.ws_page,
            **self.audit,
            "audit_page": self.audit_page,
        }
        values.update(changes)
        return "/admin?" + urlencode({k: v for k, v in values.items() if v not in ("", 1)})

    def audit_filter(self) -> audit_log.AuditFilter:
        action = self.audit.get("action")
        return audit_log.AuditFilter(
            action=action if action in audit.ACTIONS else None,
            actor=self.audit.get("actor"),
            since=parse_moment(self.audit.get("since"), "since"),
            until=parse_moment(self.audit.get("until"), "until"),
        )


async def _admin(request: Request, context: AppContext) -> User | Response:
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    if user.role != "admin":
        return refused_page(request, NOT_ADMIN)
    return user


async def _page(
    request: Request, context: AppContext, admin: User, error: PollError | None = None
) -> HTMLResponse:
    view = _View.of(request)
    try:
        what = view.audit_filter()
    except InvalidInput as bad:
        what, error = audit_log.AuditFilter(), error or bad
    async with context.sessionmaker() as session:
        accounts = await users.list_users(session, view.q, view.page, USERS_PER_PAGE)
        policy = await registration.policy(session, context.settings)
        spaces = await usage.workspaces(session, view.ws_q, view.ws_page, WORKSPACES_PER_PAGE)
        log = await audit_log.page_of(session, what, view.audit_page, AUDIT_PER_PAGE)
        deliveries = await usage.deliveries(session, None, 1, DELIVERIES_SHOWN)
    last_admin = isinstance(error, Conflict) and error.message == users.LAST_ADMIN
    return render(
        request,
        "admin.html",
        status_code=error.status_code if error else 200,
        user=admin,
        view=view,
        accounts=accounts,
        policy=policy,
        default_policy=context.settings.default_registration,
        policies=registration.POLICIES,
        spaces=spaces,
        log=log,
        actions=audit.ACTIONS,
        csv_link="/api/admin/audit.csv?" + urlencode(view.audit),
        deliveries=deliveries,
        error_key="admin.error_last_admin" if last_admin else None,
        error=error.message if error and not last_admin else None,
    )


@router.get("/admin", summary="Administration: accounts, registration, workspaces, audit log, webhooks")
async def admin_page(request: Request, context: ContextDep) -> Response:
    admin = await _admin(request, context)
    return admin if isinstance(admin, Response) else await _page(request, context, admin)


async def _posted(
    request: Request, context: AppContext, act: Callable[[User, dict[str, str]], Awaitable[None]]
) -> Response:
    admin = await _admin(request, context)
    if isinstance(admin, Response):
        return admin
    if not same_origin(request, context):
        return refused_page(request, Forbidden("this form must be sent from this site"))
    try:
        await context.limits.admin_actions.hit(admin.id)
        await act(admin, await form_fields(request))
    except NotFound:
        return not_found_page(request)
    except PollError as error:
        return await _page(request, context, admin, error)
    back = request.headers.get("referer", "")
    target = back if back.startswith(str(request.base_url) + "admin") else "/admin"
    return RedirectResponse(target, status_code=303)


@router.post(
    "/admin/users/{user_id}", summary="Disable, enable, change the role of or delete an account (form)"
)
async def change_user(request: Request, user_id: str, context: ContextDep) -> Response:
    async def act(admin: User, form: dict[str, str]) -> None:
        async with context.unit_of_work() as work:
            user = await users.account(work.session, user_id)
            work.after_commit(context.access_watch.announce_after_commit(user.id))  # disabled, deleted
            action = form.get("action", "")
            if action in ("disable", "enable"):
                await users.set_disabled(work.session, admin, user, action == "disable")
            elif action == "role":
                await users.set_role(work.session, admin, user, form.get("role", ""))
            elif action == "delete" and form.get("confirm") == "yes":
                await users.delete_account(work, admin, user)
            else:
                raise InvalidInput("choose what to do with the account")

    return await _posted(request, context, act)


@router.post("/admin/registration", summary="Change who may make an account (form)")
async def change_registration(request: Request, context: ContextDep) -> Response:
    async def act(admin: User, form: dict[str, str]) -> None:
        policy = form.get("policy", "")
        if policy not in registration.POLICIES:
            raise InvalidInput("choose open, invitation or closed")
        async with context.unit_of_work() as work:
            await registration.set_policy(work.session, cast(registration.Policy, policy))
            audit.record_instance(work.session, admin, "admin.registration", policy)

    return await _posted(request, context, act)
