"""What the app reads off a connection (HTTP or websocket) beyond its body. The FastAPI side and
the fast lane (participants/hot_paths.py) both use these, so they answer alike."""

from starlette.requests import HTTPConnection
from starlette.types import Scope

_DEFAULT_PORTS = {"http": 80, "https": 443}
_WEB_SCHEME = {"ws": "http", "wss": "https"}  # a socket's page is served over http(s)


def client_address(connection: HTTPConnection) -> str:
    """The peer's address (the proxy's client, when uvicorn trusts the proxy): the key of
    per-address limits. Never stored (privacy/bursts.py keeps a keyed hash at most)."""
    return connection.client.host if connection.client else "unknown"


def base_url(scope: Scope, public_url: str | None) -> str:
    """Where this service is reachable, for absolute join URLs: the configured public URL, else
    the address the request or socket came to (its Host header, scheme and root path)."""
    if public_url:
        return public_url
    host = next((value for name, value in scope["headers"] if name == b"host"), b"").decode("latin-1")
    scheme = str(scope.get("scheme", "http"))
    scheme = _WEB_SCHEME.get(scheme, scheme)
    if not host:
        server = scope.get("server")
        if server is None:
            host = "localhost"
        elif server[1] == _DEFAULT_PORTS.get(scheme):
            host = server[0]
        else:
            host = f"{server[0]}:{server[1]}"
    return f"{scheme}://{host}{scope.get('root_path', '')}".rstrip("/")
