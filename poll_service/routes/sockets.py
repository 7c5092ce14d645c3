"""The two websocket endpoints. Sockets only receive: snapshot first, then changes.

Both stay registered on the router (they document the paths and serve any other ASGI entry), but
`PollService` (app.py) hands a socket on one of their paths to `serve_socket` before FastAPI's
stack runs: an open socket keeps every frame of the stack it was called through alive for as long
as it stays open (the error and exception middleware with their closures, the routing, FastAPI's
per-request exit stacks), ~9 KB a socket of a room's 25,000 (bench/README.md, capacity). Nothing
in that stack acts on these sockets: the body guard and gzip pass websockets through, and the
endpoints take only their path parameter.
"""

import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocketDisconnect, WebSocketState

from poll_service.accounts.auth import organiser_for_token, presented_token
from poll_service.connection import base_url, client_address
from poll_service.context import AppContext
from poll_service.errors import Forbidden, NotFound, PollError
from poll_service.live.pushing import state_text
from poll_service.live.state import LiveRoom
from poll_service.participants.voting import participant_room
from poll_service.realtime.sender import RAW_SEND_SCOPE_KEY, SocketSender
from poll_service.rooms.service import owned_room
from poll_service.security import PARTICIPANT_COOKIE, SESSION_COOKIE, TOKEN_EXPIRED
from poll_service.workspaces.access import RUN

router = APIRouter()

POLICY_VIOLATION = 1008
# A client may ping; anything chattier than this is not a polling client.
MAX_CLIENT_MESSAGES_PER_10S = 30
TOO_MANY_TABS = "too many open pages for one participant; close one"
# A client that noticed it missed a state asks for the whole picture again (common.js).
SNAPSHOT_REQUEST = '{"type":"snapshot"}'


# The two endpoints' paths, as the router matches them (a path parameter is one segment).
_PARTICIPANT_PATH = re.compile(r"/ws/join/([^/]+)")
_PRESENTER_PATH = re.compile(r"/ws/rooms/([^/]+)/presenter")


async def serve_socket(app: object, scope: Scope, receive: Receive, send: Send) -> bool:
    """Serve a websocket on one of the two endpoints' paths straight from the ASGI entry, as
    GuardMiddleware and the router would have; False (nothing done) for any other scope."""
    if scope["type"] != "websocket":
        return False
    path: str = scope["path"]
    joined = _PARTICIPANT_PATH.fullmatch(path)
    presenting = None if joined else _PRESENTER_PATH.fullmatch(path)
    if joined is None and presenting is None:
        return False
    scope["app"] = app
    scope[RAW_SEND_SCOPE_KEY] = send  # what GuardMiddleware leaves for realtime/sender.py
    websocket = WebSocket(scope, receive, send)
    if joined is not None:
        await participant_socket(websocket, joined.group(1))
    else:
        assert presenting is not None
        await presenter_socket(websocket, presenting.group(1))
    return True


def _context(websocket: WebSocket) -> AppContext:
    context: AppContext = websocket.app.state.context
    return context


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_allowed(websocket: WebSocket, from_cookie: bool) -> bool:
    """Cookie-authenticated sockets need an allowed Origin; token ones may send none at all."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return not from_cookie
    settings = _context(websocket).settings
    host = websocket.headers.get("host", "")
    allowed = {f"http://{host}".lower(), f"https://{host}".lower()}
    if settings.public_url:
        allowed.add(_origin_of(settings.public_url))
    allowed.update(_origin_of(o) for o in settings.allowed_origins)
    return origin.lower().rstrip("/") in allowed


def _base_url(websocket: WebSocket) -> str:
    return base_url(websocket.scope, _context(websocket).settings.public_url)


@router.websocket("/ws/rooms/{room_id}/presenter")
async def presenter_socket(websocket: WebSocket, room_id: str) -> None:
    context = _context(websocket)
    token, from_cookie = presented_token(websocket, SESSION_COOKIE)
    if token is None or not origin_allowed(websocket, from_cookie):
        await websocket.close(code=POLICY_VIOLATION)
        return
    async with context.sessionmaker() as session:
        user = await organiser_for_token(session, token)
        try:  # running a room is a facilitator's (accounts/access.py)
            owned = await owned_room(session, user, room_id, need=RUN) if user else None
        except (NotFound, Forbidden):
            owned = None
    if owned is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    room = await context.rooms.get(owned.id, _base_url(websocket))
    if room is None:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await _serve(websocket, context, room, None, presenter_id=user.id if user else None)


@router.websocket("/ws/join/{join_code}")
async def participant_socket(websocket: WebSocket, join_code: str) -> None:
    context = _context(websocket)
    token, from_cookie = presented_token(websocket, PARTICIPANT_COOKIE)
    identity = context.participant_tokens.read(token) if token else None
    if identity is None or not origin_allowed(websocket, from_cookie):
        await websocket.close(code=POLICY_VIOLATION)
        return
    try:
        # The same door as a vote's: a participant this worker has not heard of yet (joined
        # through another worker a moment ago) is looked up in the database.
        room = await participant_room(context, identity, join_code, _base_url(websocket))
    except PollError as refused:
        reason = TOKEN_EXPIRED if refused.message == TOKEN_EXPIRED else ""
        await websocket.close(code=POLICY_VIOLATION, reason=reason)
        return
    await _serve(websocket, context, room, identity.participant_id)


async def _serve(
    websocket: WebSocket,
    context: AppContext,
    room: LiveRoom,
    participant_id: str | None,
    presenter_id: str | None = None,
) -> None:
    address = client_address(websocket)
    open_sockets = context.rooms.sockets_by_address
    if open_sockets.get(address, 0) >= context.settings.sockets_per_ip:
        await websocket.close(code=POLICY_VIOLATION)
        return
    # A phone opens one socket per tab; one token holding thousands is someone else's program.
    tabs = len(room.audience.get(participant_id, ())) if participant_id is not None else 0
    if tabs >= context.settings.sockets_per_participant:
        await websocket.close(code=POLICY_VIOLATION, reason=TOO_MANY_TABS)
        return
    open_sockets[address] = open_sockets.get(address, 0) + 1
    try:
        await _stream(websocket, context, room, participant_id, presenter_id)
    finally:
        remaining = open_sockets[address] - 1
        if remaining:
            open_sockets[address] = remaining
        else:
            del open_sockets[address]


async def _stream(
    websocket: WebSocket,
    context: AppContext,
    room: LiveRoom,
    participant_id: str | None,
    presenter_id: str | None,
) -> None:
    await websocket.accept()
    sender = SocketSender(websocket)

    # The snapshot goes first, then this socket joins the room's fan-out.
    def push_snapshot() -> None:
        sender.push_state(state_text(room, participant_id))
        room.newcomers.add(sender)

    push_snapshot()
    if participant_id is None:
        context.rooms.add_presenter(room, sender)
        if presenter_id is not None:  # closed at once if its rights go (sockets/access_watch.py)
            context.access_watch.add(presenter_id, room.id, sender)
    else:
        context.rooms.add_participant(room, participant_id, sender)
    # The Q&A panel's newest snapshot (when the room has one) comes right after the state.
    room.qna.greet(sender, presenter=participant_id is None)
    # The results follow on the room's next tick, to this socket only (push_snapshot listed it
    # as a newcomer): a burst of reconnects costs one serialisation per period, and the sockets
    # already there are not sent the same results again.
    try:
        await _read_until_closed(websocket, push_snapshot)
    finally:
        context.rooms.remove(room, sender, participant_id)
        if presenter_id is not None:
            context.access_watch.remove(presenter_id, sender)
        sender.stop()


async def _read_until_closed(websocket: WebSocket, push_snapshot: Callable[[], None]) -> None:
    window_start = time.monotonic()
    count = 0
    while True:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return
        if message["type"] == "websocket.disconnect":
            return
        now = time.monotonic()
        if now - window_start > 10:
            window_start, count = now, 0
        count += 1
        if count > MAX_CLIENT_MESSAGES_PER_10S:
            if websocket.client_state == WebSocketState.CONNECTED:
                await websocket.close(code=POLICY_VIOLATION)
            return
        text = message.get("text")
        if text == '{"type":"ping"}' or text == "ping":
            await websocket.send_text('{"type":"pong"}')
        elif text == SNAPSHOT_REQUEST:  # the client saw a gap: a fresh snapshot, then results
            push_snapshot()
