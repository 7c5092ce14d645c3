"""Where a join URL points: the same answer for the FastAPI routes, the fast lane and the sockets."""

from typing import Any

import pytest

from poll_service.connection import base_url


def _scope(
    scheme: str, host: str | None, server: tuple[str, int] | None = None, root: str = ""
) -> dict[str, Any]:
    headers = [(b"host", host.encode())] if host is not None else []
    return {"type": "http", "scheme": scheme, "headers": headers, "server": server, "root_path": root}


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (_scope("http", "poll.example.org:8000"), "http://poll.example.org:8000"),
        (_scope("https", "poll.example.org"), "https://poll.example.org"),
        (_scope("ws", "poll.example.org:8000"), "http://poll.example.org:8000"),  # a socket's page
        (_scope("wss", "poll.example.org"), "https://poll.example.org"),
        (_scope("http", None, ("10.0.0.5", 80)), "http://10.0.0.5"),  # no Host header (HTTP/1.0)
        (_scope("http", None, ("10.0.0.5", 8000)), "http://10.0.0.5:8000"),
        (_scope("https", "poll.example.org", root="/polls"), "https://poll.example.org/polls"),
    ],
)
def test_the_address_the_request_came_to(scope: dict[str, Any], expected: str) -> None:
    assert base_url(scope, None) == expected


def test_a_configured_public_url_wins() -> None:
    assert base_url(_scope("http", "10.0.0.5:8000"), "https://vote.example.org") == "https://vote.example.org"
