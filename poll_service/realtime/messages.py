"""The JSON shapes the hub carries between workers and the sockets receive."""

from typing import Any

import orjson


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def hub_message(kind: str, **fields: Any) -> bytes:
    return orjson.dumps({"k": kind, **fields})


def parse_hub_message(data: bytes) -> dict[str, Any]:
    value = orjson.loads(data)
    if not isinstance(value, dict):
        raise ValueError("hub message is not an object")
    return value
