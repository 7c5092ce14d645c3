"""HTML pages: the phone join/vote page, the organiser's pages and the static frontend files."""

from fastapi import FastAPI

from poll_service.pages import (
    admin,
    language,
    login,
    moderation,
    organiser,
    phone,
    phone_name,
    preview,
    workspace_webhooks,
    workspaces,
)
from poll_service.pages.assets import STATIC_PREFIX, CachedStaticFiles, PagesGZip, frontend_dir


def install_pages(app: FastAPI) -> None:
    """Called by create_app after the API routers, so API paths always win."""
    app.include_router(phone.router)
    app.include_router(phone_name.router)
    app.include_router(login.router)
    app.include_router(organiser.router)
    app.include_router(preview.router)
    app.include_router(moderation.router)
    app.include_router(workspaces.router)
    app.include_router(workspace_webhooks.router)
    app.include_router(admin.router)
    app.include_router(language.router)
    app.mount(STATIC_PREFIX, CachedStaticFiles(directory=frontend_dir() / "static"), name="static")
    app.add_middleware(PagesGZip)
