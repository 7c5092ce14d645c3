"""HTML pages: the phone join/vote page, the organiser's pages and the static frontend files."""

from fastapi import FastAPI
from starlette.convertors import Convertor, register_url_convertor

from poll_service.pages import organiser, phone
from poll_service.pages.assets import STATIC_PREFIX, CachedStaticFiles, PagesGZip, frontend_dir
from poll_service.rooms.join_codes import JOIN_CODE_LENGTH


class JoinCodeConvertor(Convertor[str]):
    """`/{join_code:joincode}` matches exactly 8 digits, so no other path is shadowed."""

    regex = f"[0-9]{{{JOIN_CODE_LENGTH}}}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("joincode", JoinCodeConvertor())


def install_pages(app: FastAPI) -> None:
    """Called by create_app after the API routers, so API paths always win."""
    app.include_router(phone.router)
    app.include_router(organiser.router)
    app.mount(
        STATIC_PREFIX,
        CachedStaticFiles(directory=frontend_dir() / "static"),
        name="static",
    )
    app.add_middleware(PagesGZip)
