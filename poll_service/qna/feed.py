"""The Q&A panel of one live room in this worker: the snapshot its sockets get.

Every change (a question, an upvote, answered, hidden, settings) is committed, then the hub carries
`{"k": "qna"}` to every worker, which only marks the panel stale. The room's clock then re-reads
the visible questions from the database at most once per push period and hands one serialised
`{"type": "qna", ...}` whole snapshot to every socket: a burst of upvotes costs one read and one
message per tick, and the database's order of commits is what everyone sees. Pending and hidden
questions are never read into it; the presenter's copy adds only how many wait for approval.
"""

import logging
import time
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from poll_service.qna.service import panel_snapshot
from poll_service.qna.settings import qna_settings
from poll_service.realtime.messages import dumps
from poll_service.realtime.sender import QNA, SocketSender

log = logging.getLogger(__name__)


class QnaRoom(Protocol):
    id: str
    seq: int
    presenters: set[SocketSender]
    audience: dict[str, set[SocketSender]]


def qna_enabled(room_settings: dict[str, Any] | None) -> bool:
    return qna_settings(room_settings).enabled


class QnaFeed:
    def __init__(self) -> None:
        self.stale = False
        self.loading = False
        self.last_push = 0.0
        # Whether the last snapshot sent had the panel on (a panel switched off is said once).
        self.enabled = False
        self.audience_text: str | None = None
        self.presenter_text: str | None = None

    def reset(self, enabled: bool) -> None:
        """After (re)loading the room: read the panel on the next tick if it may be on."""
        self.stale = enabled or self.enabled

    def due(self, now: float, period: float) -> bool:
        return self.stale and not self.loading and now - self.last_push >= period

    async def refresh(self, sessionmaker: async_sessionmaker[AsyncSession], room: QnaRoom) -> None:
        self.loading = True
        self.stale = False
        try:
            async with sessionmaker() as session:
                snapshot = await panel_snapshot(session, room.id)
        except Exception:
            log.exception("reading the Q&A panel of room %s failed", room.id)
            self.stale = True  # try again on a later tick
            return
        finally:
            self.loading = False
            self.last_push = time.monotonic()
        self.push(room, snapshot)

    def push(self, room: QnaRoom, snapshot: dict[str, Any]) -> None:
        enabled = bool(snapshot["settings"]["enabled"])
        if not enabled and not self.enabled:
            self.audience_text = self.presenter_text = None
            return  # never had a panel: nothing to say
        self.enabled = enabled
        room.seq += 1
        pending = snapshot.pop("pending_count")
        audience: dict[str, Any] = {"type": "qna", "seq": room.seq, **snapshot}
        self.audience_text = dumps(audience)
        self.presenter_text = dumps({**audience, "pending_count": pending})
        for sender in room.presenters:
            sender.push(QNA, self.presenter_text)
        for senders in room.audience.values():
            for sender in senders:
                sender.push(QNA, self.audience_text)

    def greet(self, sender: SocketSender, presenter: bool) -> None:
        """A socket that just connected gets the newest snapshot at once (when there is a panel)."""
        text = self.presenter_text if presenter else self.audience_text
        if text is not None and self.enabled:
            sender.push(QNA, text)
