"""Errors that carry their HTTP status; one handler renders them as {"detail": ...}."""

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError


class PollError(Exception):
    status_code = 400
    # More fields for the answer's JSON body beside `detail` (e.g. which contrast pairs fail).
    body_extra: dict[str, Any] = {}  # noqa: RUF012 - replaced, never mutated

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers


class Unauthorized(PollError):
    status_code = 401


class Forbidden(PollError):
    status_code = 403


class NotFound(PollError):
    status_code = 404


class Conflict(PollError):
    status_code = 409


class Gone(PollError):
    status_code = 410


class PayloadTooLarge(PollError):
    status_code = 413


class UnsupportedMediaType(PollError):
    status_code = 415


class InvalidInput(PollError):
    status_code = 422


class Locked(PollError):
    status_code = 423


class TooManyRequests(PollError):
    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after))})


class ServiceBusy(PollError):
    status_code = 503

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})


# A locked SQLite file or an exhausted connection pool: 503 with when to retry, never a 500.
DATABASE_ERRORS = (OperationalError, SATimeoutError)


def database_busy() -> ServiceBusy:
    return ServiceBusy("the database is busy; try again in a moment")


def validation_detail(
    errors: Iterable[Mapping[str, Any]], where: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """A malformed body's 422 `detail`: where and what, without echoing the (possibly large) input."""
    return [
        {"loc": [*where, *e.get("loc", ())], "msg": e.get("msg", "invalid"), "type": e.get("type", "")}
        for e in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    async def render(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PollError)
        return JSONResponse({**exc.body_extra, "detail": exc.message}, exc.status_code, headers=exc.headers)

    async def malformed(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse({"detail": validation_detail(exc.errors())}, status_code=422)

    async def database_busy_now(request: Request, _exc: Exception) -> JSONResponse:
        return await render(request, database_busy())

    app.add_exception_handler(PollError, render)
    app.add_exception_handler(RequestValidationError, malformed)
    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, database_busy_now)


class ErrorBody(BaseModel):
    detail: Any


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        401: "not logged in / not a participant",
        403: "not allowed here",
        404: "not found (also: someone else's)",
        409: "conflicts with the current state",
        413: "request body too large",
        415: "not a type this route accepts (an upload that is not a PNG, JPEG, WebP or GIF image)",
        422: "invalid input: `detail` is a message, or a list of {loc, msg, type} for malformed bodies",
        423: "locked: room locked, voting closed or question not current",
        429: "too many requests (see Retry-After)",
        503: "database busy (see Retry-After)",
    }
    return {code: {"model": ErrorBody, "description": descriptions[code]} for code in codes}


# The error answers every API route can give, so the OpenAPI document lists them.
API_ERRORS = documented(401, 403, 404, 409, 413, 422, 423, 429, 503)
