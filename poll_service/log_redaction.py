"""Keeps credentials out of the server's log.

A phone's websocket URL carries its participant token (`/ws/join/CODE?token=...`), and uvicorn logs
every accepted websocket with its path and query string. Anyone who reads the log could then vote
as that phone, so the token's value is replaced before the record is written; so is the secret of
a workspace invitation link (`/invite/inv_...`), which would let a reader join the workspace.
"""

import logging
import re

SECRET_QUERY = re.compile(r"(?i)\b(token|access_token|key)=[^&\s\"']+")
# A workspace invitation link (workspaces/invitations.py) is a secret in the path itself.
INVITATION_PATH = re.compile(r"/invite/inv_[A-Za-z0-9_\-]+")
SERVER_LOGGERS = ("uvicorn.error", "uvicorn.access")


def redact(text: str) -> str:
    return INVITATION_PATH.sub("/invite/[redacted]", SECRET_QUERY.sub(r"\1=[redacted]", text))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install() -> None:
    """Idempotent: once per logger, however many apps a process starts (tests start many)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
