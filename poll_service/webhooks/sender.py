"""The worker that sends queued deliveries: wakes when this node commits one (`wake`) and
otherwise looks every POLL_WEBHOOK_POLL_SECONDS for deliveries due (those queued by other nodes,
retries, deliveries left behind by a node that stopped).

A delivery is claimed before it is sent: its row turns from "pending" to "sending" with a lease,
in a transaction that on PostgreSQL reads the due rows `FOR UPDATE SKIP LOCKED` (several workers
take different rows without waiting on each other) and on SQLite updates each row only if it is
still pending. So one delivery goes out from one worker; one whose worker died mid-send is taken
again when its lease runs out (the receiver tells the repeat by its Webhook-Id)."""

import asyncio
import contextlib
import functools
import logging
import ssl
import time
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from poll_service import __version__
from poll_service.ids import as_utc, utcnow
from poll_service.models import WebhookDelivery, WebhookEndpoint
from poll_service.settings import Settings
from poll_service.webhooks.addresses import AddressRefused, check_destination
from poll_service.webhooks.signing import signature

log = logging.getLogger(__name__)
BATCH = 20  # deliveries claimed and sent at once by one worker
LEASE_MARGIN_S = 30.0  # how long past its timeout a claimed delivery stays this worker's
PRUNE_EVERY_S = 3600.0  # how often a worker deletes settled deliveries past the log's days


class Outcome:
    def __init__(self, code: int | None, error: str | None) -> None:
        self.code = code
        self.error = error

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(col(WebhookDelivery.status) == "pending", col(WebhookDelivery.next_attempt_at) <= now),
        and_(col(WebhookDelivery.status) == "sending", col(WebhookDelivery.claimed_until) < now),
    )


class WebhookSender:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self._sessionmaker = sessionmaker
        self._settings = settings
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None
        self._pruned_at = 0.0

    def wake(self) -> None:
        self._wake.set()

    async def wake_after_commit(self) -> None:
        """For `work.after_commit`: this node sends what it just queued at once."""
        self.wake()

    async def start(self) -> None:
        if not self._settings.webhook_worker:
            return
        self._client = httpx.AsyncClient(
            timeout=self._settings.webhook_timeout_s,
            follow_redirects=False,  # a redirect could lead inside the network: it is a failure
            trust_env=False,
            verify=_tls_context(),
            headers={"User-Agent": f"poll-service-webhooks/{__version__}"},
        )
        self._task = asyncio.create_task(self._run(), name="webhook-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    async def _run(self) -> None:
        while True:
            try:
                if time.monotonic() - self._pruned_at >= PRUNE_EVERY_S:
                    self._pruned_at = time.monotonic()
                    await self.prune()
                if await self.send_due():
                    continue
                wait = await self._seconds_to_next()
            except Exception:  # a database hiccup must not end the worker: try again later
                log.exception("webhook sender: could not read the deliveries")
                wait = self._settings.webhook_poll_seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
            self._wake.clear()

    async def _seconds_to_next(self) -> float:
        async with self._sessionmaker() as session:
            soonest = await session.scalar(
                select(func.min(col(WebhookDelivery.next_attempt_at))).where(
                    col(WebhookDelivery.status) == "pending"
                )
            )
        poll = self._settings.webhook_poll_seconds
        if soonest is None:
            return poll
        return max(0.0, min(poll, (as_utc(soonest) - utcnow()).total_seconds()))

    async def prune(self) -> int:
        """Delete delivered and failed deliveries older than POLL_WEBHOOK_LOG_DAYS; how many."""
        before = utcnow() - timedelta(days=self._settings.webhook_log_days)
        async with self._sessionmaker() as session, session.begin():
            gone = await session.execute(
                delete(WebhookDelivery).where(
                    col(WebhookDelivery.status).in_(("delivered", "failed")),
                    col(WebhookDelivery.finished_at) < before,
                )
            )
        return int(getattr(gone, "rowcount", 0) or 0)

    async def send_due(self) -> int:
        """Claim the deliveries due now and send them; how many were sent."""
        claimed = await self._claim()
        if claimed:
            await asyncio.gather(*(self._send(delivery, endpoint) for delivery, endpoint in claimed))
        return len(claimed)

    async def _claim(self) -> list[tuple[WebhookDelivery, WebhookEndpoint]]:
        now = utcnow()
        lease = now + timedelta(seconds=self._settings.webhook_timeout_s + LEASE_MARGIN_S)
        async with self._sessionmaker() as session, session.begin():
            candidates = await session.scalars(
                select(col(WebhookDelivery.id))
                .where(_due(now))
                .order_by(col(WebhookDelivery.next_attempt_at))
                .limit(BATCH)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer at a time
            )
            mine = []
            for delivery_id in list(candidates):
                taken = await session.execute(
                    update(WebhookDelivery)
                    .where(col(WebhookDelivery.id) == delivery_id, _due(now))
                    .values(status="sending", claimed_until=lease)
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    mine.append(delivery_id)
            if not mine:
                return []
            rows = await session.execute(
                select(WebhookDelivery, WebhookEndpoint)
                .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
                .where(col(WebhookDelivery.id).in_(mine))
            )
            claimed = [(d, e) for d, e in rows.all()]
            session.expunge_all()
            return claimed

    async def _send(self, delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> None:
        try:
            outcome = await self._attempt(delivery, endpoint)
        except Exception as exc:  # never lose a claimed delivery to a bug: record and retry
            log.exception("webhook sender: delivery %s", delivery.id)
            outcome = Outcome(None, f"internal error: {type(exc).__name__}")
        await self._record(delivery, endpoint, outcome)

    async def _attempt(self, delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> Outcome:
        if not endpoint.enabled:
            return Outcome(None, "the webhook is disabled")
        try:
            await check_destination(endpoint.url, self._settings.webhooks_allow_private_addresses)
        except AddressRefused as refused:
            return Outcome(None, refused.message)
        assert self._client is not None
        body = delivery.body.encode()
        message_id = f"msg_{delivery.id}"
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "Webhook-Id": message_id,
            "Webhook-Timestamp": str(timestamp),
            "Webhook-Signature": signature(endpoint.secret, message_id, timestamp, body),
        }
        try:
            # The answer's body is never read: only its status counts.
            async with self._client.stream("POST", endpoint.url, content=body, headers=headers) as answer:
                code = answer.status_code
        except httpx.TimeoutException:
            return Outcome(None, f"no answer within {self._settings.webhook_timeout_s:g} s")
        except httpx.HTTPError as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}"[:300])
        return Outcome(code, None if 200 <= code < 300 else f"the receiver answered {code}")

    async def _record(self, delivery: WebhookDelivery, endpoint: WebhookEndpoint, outcome: Outcome) -> None:
        settings = self._settings
        now = utcnow()
        attempts = delivery.attempts + 1
        values: dict[str, object] = {
            "attempts": attempts,
            "response_code": outcome.code,
            "last_error": outcome.error,
            "claimed_until": None,
        }
        if outcome.ok:
            values |= {"status": "delivered", "finished_at": now}
        elif attempts >= settings.webhook_max_attempts or not endpoint.enabled:
            values |= {"status": "failed", "finished_at": now}
        else:
            back_off = min(settings.webhook_retry_max_s, settings.webhook_retry_base_s * 2 ** (attempts - 1))
            values |= {"status": "pending", "next_attempt_at": now + timedelta(seconds=back_off)}
        async with self._sessionmaker() as session, session.begin():
            await session.execute(
                update(WebhookDelivery).where(col(WebhookDelivery.id) == delivery.id).values(**values)
            )
            if outcome.ok:
                await session.execute(
                    update(WebhookEndpoint)
                    .where(col(WebhookEndpoint.id) == endpoint.id)
                    .values(consecutive_failures=0)
                )
            elif endpoint.enabled:
                await self._count_failure(session, endpoint.id)

    async def _count_failure(self, session: AsyncSession, endpoint_id: str) -> None:
        limit = self._settings.webhook_disable_after_failures
        await session.execute(
            update(WebhookEndpoint)
            .where(col(WebhookEndpoint.id) == endpoint_id)
            .values(consecutive_failures=col(WebhookEndpoint.consecutive_failures) + 1)
        )
        await session.execute(
            update(WebhookEndpoint)
            .where(
                col(WebhookEndpoint.id) == endpoint_id,
                col(WebhookEndpoint.enabled).is_(True),
                col(WebhookEndpoint.consecutive_failures) >= limit,
            )
            .values(enabled=False, disabled_reason=f"disabled after {limit} failed attempts in a row")
        )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One certificate store per process (httpx's default, certifi's bundle): loading it costs
    ~15 ms, and every app start (a test run starts a thousand) would load it again."""
    return httpx.create_ssl_context()
