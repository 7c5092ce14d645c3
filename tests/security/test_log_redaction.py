"""Tokens never reach the server log: uvicorn logs every websocket with its query string."""

import logging
from collections.abc import Iterator

import pytest

from tests.conftest import LiveServer
from tests.helpers import join, new_organiser
from tests.realtime_clients import next_message, open_socket

# What uvicorn logs: no dialect in it.
pytestmark = pytest.mark.sqlite_only


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def server_log() -> Iterator[Lines]:
    """What uvicorn writes to its own logger (it does not propagate to the root logger)."""
    logger = logging.getLogger("uvicorn.error")
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_a_phone_socket_is_logged_without_its_token(live_server: LiveServer, server_log: Lines) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        presentation = await ada.presentation(questions=1)
        room = await ada.room(presentation["id"])
        phone = await join(http, room["join_code"])
        socket = await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", phone.token)
        assert (await next_message(socket))["type"] == "state"
        await socket.close()
    accepted = [line for line in server_log.lines if "WebSocket" in line]
    assert accepted, "uvicorn logged no websocket line: nothing was checked"
    assert all(phone.token not in line for line in accepted), accepted
    assert any("token=[redacted]" in line for line in accepted)


def test_an_invitation_link_is_logged_without_its_secret() -> None:
    """uvicorn.access logs each request's path: a workspace invitation's secret is in the path."""
    from poll_service.log_redaction import RedactSecrets

    secret = "inv_" + "Ab3_-x" * 7
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.7:5555", "GET", f"/invite/{secret}", "1.1", 200),
        None,
    )
    assert RedactSecrets().filter(record)
    assert secret not in record.getMessage() and "/invite/[redacted]" in record.getMessage()
