"""The workspace page's webhooks (owners only): add one (its signing secret shown this once, on the
page the form answers with) and remove one. Plain form posts, like the rest of the page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from poll_service.deps import ContextDep
from poll_service.errors import InvalidInput
from poll_service.models import User
from poll_service.pages.workspaces import form_fields, posted, workspace_page_for
from poll_service.webhooks import endpoints
from poll_service.webhooks.outbox import EVENTS
from poll_service.workspaces import access

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)


@router.post(
    "/workspaces/{workspace_id}/webhooks", summary="Add a webhook to the workspace (owners; form post)"
)
async def add_webhook(request: Request, workspace_id: str, context: ContextDep) -> Response:
    async def act(user: User) -> Response:
        await context.limits.webhook_changes.hit(user.id)
        async with context.unit_of_work() as work:
            await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
            form = await form_fields(request, max_fields=len(EVENTS) + 4)
            events = [name for name in EVENTS if form.get(f"event-{name}") == "on"]
            url = form.get("url", "").strip()
            if len(url) < 8:
                raise InvalidInput("give the URL the events are sent to (https://...)")
            endpoint, secret = await endpoints.create(
                work.session,
                user,
                workspace_id,
                url=url,
                events=events,
                description=form.get("description", "").strip()[:100],
                presentation_id=None,
                allow_private=context.settings.webhooks_allow_private_addresses,
            )
        return await workspace_page_for(request, context, user, workspace_id, made=(endpoint, secret))

    return await posted(request, context, act)


@router.post(
    "/workspaces/{workspace_id}/webhooks/{webhook_id}/remove",
    summary="Remove a webhook of the workspace and its log (owners; form post)",
)
async def remove_webhook(
    request: Request, workspace_id: str, webhook_id: str, context: ContextDep
) -> Response:
    async def act(user: User) -> Response:
        await context.limits.webhook_changes.hit(user.id)
        async with context.unit_of_work() as work:
            await access.require_workspace(work.session, user, workspace_id, access.MANAGE)
            await work.session.delete(await endpoints.owned(work.session, workspace_id, webhook_id))
        return RedirectResponse(f"/workspaces/{workspace_id}#webhooks", status_code=303)

    return await posted(request, context, act)
