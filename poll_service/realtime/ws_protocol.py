"""uvicorn's websocket protocol, with two limits of our own where only the protocol can see.

- **Control frames**: a ping is answered by the protocol itself, so the app's message budget
  (sockets.py) never sees it: a client that pings without pause would cost the loop a pong each
  time, for ever. Browsers never ping; past a budget per connection (60 a second) the socket is closed
  (1008), so a flood costs at most the pongs of the read that crossed the budget.
- **Invalid UTF-8**: a text frame that is not UTF-8 is closed with 1007 as the standard asks, but
  uvicorn logs a full traceback for each one: a script can fill the log that way. It is logged as
  one line, at most once a minute per process, with how many there were."""

import logging
import time

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

log = logging.getLogger("poll_service.websocket")

POLICY_VIOLATION = 1008
INVALID_DATA = 1007
# Pings a client may send per window (a monitor may ping every 20 ms; a flood sends thousands a
# second); the server's own keep-alive pings are not counted.
CLIENT_PINGS_PER_WINDOW = 600
PING_WINDOW_SECONDS = 10.0
LOG_EVERY_SECONDS = 60.0


class _InvalidUtf8Log:
    def __init__(self) -> None:
        self.last = -LOG_EVERY_SECONDS
        self.unlogged = 0

    def note(self) -> None:
        self.unlogged += 1
        now = time.monotonic()
        if now - self.last >= LOG_EVERY_SECONDS:
            log.warning("closed %d websocket(s) that sent text that is not UTF-8 (1007)", self.unlogged)
            self.last, self.unlogged = now, 0


_invalid_utf8 = _InvalidUtf8Log()


class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
    _pings = 0
    _ping_window = 0.0

    def handle_ping(self) -> None:
        now = time.monotonic()
        if now - self._ping_window > PING_WINDOW_SECONDS:
            self._ping_window, self._pings = now, 0
        self._pings += 1
        if self._pings > CLIENT_PINGS_PER_WINDOW:
            self._close(POLICY_VIOLATION)
            return
        super().handle_ping()

    def send_receive_event_to_app(self) -> None:
        if self.curr_msg_data_type == "text" and not self.close_sent:
            data = self.frames[0] if len(self.frames) == 1 else b"".join(self.frames)
            try:
                data.decode()
            except UnicodeDecodeError:
                self.frames = []
                _invalid_utf8.note()
                self._close(INVALID_DATA)
                return
        super().send_receive_event_to_app()

    def _close(self, code: int) -> None:
        if self.close_sent or self.conn.close_sent is not None:
            return
        self.conn.send_close(code)
        self.handle_parser_exception()
