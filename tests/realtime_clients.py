"""Real websocket clients for the socket tests."""

import asyncio
import json
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect


async def open_socket(url: str, token: str | None = None, origin: str | None = None) -> ClientConnection:
    full = f"{url}?token={token}" if token else url
    return await connect(full, origin=origin, compression=None, proxy=None)  # type: ignore[arg-type]


async def next_message(ws: ClientConnection, timeout: float = 3.0) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return message


async def wait_for(ws: ClientConnection, predicate: Any, timeout: float = 3.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no matching message arrived")
        message = await next_message(ws, remaining)
        if predicate(message):
            return message
