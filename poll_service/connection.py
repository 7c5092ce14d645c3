"""What the app reads off a connection (HTTP or websocket) beyond its body."""

from starlette.requests import HTTPConnection


def client_address(connection: HTTPConnection) -> str:
    """The peer's address (the proxy's client, when uvicorn trusts the proxy): the key of
    per-address limits. Never stored (privacy/bursts.py keeps a keyed hash at most)."""
    return connection.client.host if connection.client else "unknown"
