"""Webhooks delivered to a real local receiver: every event of a room's life, signed (checked by
the receiver from the spec), sent after the commit, retried with back-off after the receiver fails
twice, logged for the organiser; an endpoint disabled after failures in a row; deliveries kept
across a restart; one delivery claimed by one of several workers; private addresses refused
unless allowed; bad input a clear 4xx; the management routes rate limited."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import col

from poll_service.app import create_app
from poll_service.db import create_engine, create_sessionmaker
from poll_service.models import WebhookDelivery
from poll_service.settings import Settings
from poll_service.webhooks.outbox import EVENTS, queue
from poll_service.webhooks.sender import WebhookSender
from tests.conftest import empty_database, make_settings
from tests.helpers import Organiser, join, new_organiser
from tests.support.webhook_receiver import Receiver, running_receiver

FAST_RETRIES = {
    "webhooks_allow_private_addresses": True,  # the receiver listens on 127.0.0.1
    "webhook_retry_base_s": 0.05,
    "webhook_timeout_s": 5.0,
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, **FAST_RETRIES)


async def until(check: Callable[[], Awaitable[bool]], timeout: float = 15) -> None:
    """Wait for a state the worker writes after the receiver answered (no fixed sleep)."""
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.02)


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with these settings, over an emptied database, and a client of it."""
    await empty_database(settings.database_url)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
    ):
        yield client


async def register(ada: Organiser, receiver: Receiver, events: list[str], **extra: Any) -> dict[str, Any]:
    r = await ada.post("/api/webhooks", {"url": receiver.url, "events": events, **extra})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    receiver.secret = made["secret"]
    return made


async def deliveries(ada: Organiser, webhook_id: str) -> list[dict[str, Any]]:
    r = await ada.client.get(f"/api/webhooks/{webhook_id}/deliveries", headers=ada.headers)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


async def test_a_rooms_life_reaches_the_receiver_signed_and_retried(
    client: httpx.AsyncClient, app: object
) -> None:
    async with running_receiver(fail_next=2) as receiver:
        ada = await new_organiser(client)
        presentation = await ada.presentation(questions=2)
        hook = await register(ada, receiver, list(EVENTS), description="Our dashboard")
        assert hook["secret"].startswith("whsec_")
        listed = (await client.get("/api/webhooks", headers=ada.headers)).json()
        assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]

        room = await ada.room(presentation["id"], lobby=True)
        # The receiver fails twice; the third attempt of the same message is accepted.
        await receiver.wait_for(lambda r: len(r.of_type("room.started")) == 1)
        started = receiver.of_type("room.started")[0]
        assert receiver.attempts[:3] == [started["id"]] * 3
        assert started["data"]["room"]["id"] == room["id"]

        assert (await ada.control(room["id"], "next")).status_code == 200  # voting opens
        await receiver.wait_for(lambda r: len(r.of_type("question.opened")) == 1)
        first = presentation["questions"][0]
        assert receiver.of_type("question.opened")[0]["data"]["question"]["id"] == first["id"]
        phone = await join(client, room["join_code"])
        r = await phone.vote(first["id"], [first["options"][0]["id"]])
        assert r.status_code in {200, 201, 202}, r.text
        assert (await ada.control(room["id"], "close_voting")).status_code == 200
        await receiver.wait_for(lambda r: len(r.of_type("question.closed")) == 1)
        r = await ada.post(f"/api/rooms/{room['id']}/share")
        assert r.status_code == 201
        await receiver.wait_for(lambda r: len(r.of_type("results.shared")) == 1)
        assert receiver.of_type("results.shared")[0]["data"]["url"] == r.json()["url"]

        assert (await ada.control(room["id"], "end")).status_code == 200
        await receiver.wait_for(lambda r: bool(r.of_type("room.ended")) and bool(r.of_type("room.summary")))
        ended = receiver.of_type("room.ended")[0]["data"]
        assert ended["room"]["status"] == "ended" and ended["participant_count"] == 1
        summary = receiver.of_type("room.summary")[0]["data"]["results"]
        assert summary["participant_count"] == 1 and summary["response_count"] >= 1
        assert phone.participant_id not in str(receiver.accepted)  # no participant leaves the service
        assert receiver.forged == 0

        async def logged() -> bool:
            log = await deliveries(ada, hook["id"])
            return len(log) == 6 and all(d["status"] == "delivered" for d in log)

        await until(logged)
        log = {d["event"]: d for d in await deliveries(ada, hook["id"])}
        assert log["room.started"]["attempts"] == 3 and log["room.started"]["response_code"] == 200
        assert log["room.ended"]["attempts"] == 1 and log["room.ended"]["last_error"] is None


async def test_a_test_event_and_an_endpoint_disabled_after_failures(database_url: str) -> None:
    settings = make_settings(
        database_url, **FAST_RETRIES, webhook_max_attempts=2, webhook_disable_after_failures=3
    )
    async with app_client(settings) as client, running_receiver() as receiver:
        ada = await new_organiser(client)
        hook = await register(ada, receiver, ["room.ended"])
        r = await ada.post(f"/api/webhooks/{hook['id']}/test")
        assert r.status_code == 202 and r.json()["event"] == "webhook.test"
        await receiver.wait_for(lambda r: len(r.of_type("webhook.test")) == 1)
        assert receiver.of_type("webhook.test")[0]["data"]["webhook_id"] == hook["id"]

        receiver.fail_next = 100  # from now on the receiver is down
        for _ in range(2):
            assert (await ada.post(f"/api/webhooks/{hook['id']}/test")).status_code == 202

        async def disabled() -> bool:
            got = (await client.get(f"/api/webhooks/{hook['id']}", headers=ada.headers)).json()
            return not got["enabled"]

        await until(disabled)
        got = (await client.get(f"/api/webhooks/{hook['id']}", headers=ada.headers)).json()
        assert "3 failed attempts in a row" in got["disabled_reason"]

        async def settled() -> bool:
            log = await deliveries(ada, hook["id"])
            return sorted(d["status"] for d in log) == ["delivered", "failed", "failed"]

        await until(settled)
        failed = [d for d in await deliveries(ada, hook["id"]) if d["status"] == "failed"]
        assert {d["response_code"] for d in failed} <= {503, None}
        assert any(d["last_error"] == "the receiver answered 503" for d in failed)
        r = await ada.post(f"/api/webhooks/{hook['id']}/test")
        assert r.status_code == 409 and "disabled" in r.json()["detail"]
        # Switched on again: its failures are forgotten and events flow.
        receiver.fail_next = 0
        r = await client.patch(f"/api/webhooks/{hook['id']}", json={"enabled": True}, headers=ada.headers)
        assert r.status_code == 200 and r.json()["consecutive_failures"] == 0
        assert (await ada.post(f"/api/webhooks/{hook['id']}/test")).status_code == 202
        await receiver.wait_for(lambda r: len(r.of_type("webhook.test")) == 2)


async def test_deliveries_survive_a_restart(database_url: str) -> None:
    """Queued by a node whose worker is off (or that stopped), sent by the next one to start."""
    async with running_receiver() as receiver:
        await empty_database(database_url)
        queuing = create_app(make_settings(database_url, **FAST_RETRIES, webhook_worker=False))
        async with (
            queuing.router.lifespan_context(queuing),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=queuing), base_url="http://t") as client,
        ):
            ada = await new_organiser(client)
            presentation = await ada.presentation()
            await register(ada, receiver, ["room.started"])
            await ada.room(presentation["id"], lobby=True)
        assert receiver.attempts == []  # nothing was sent: the only worker was off

        sending = create_app(make_settings(database_url, **FAST_RETRIES))
        async with sending.router.lifespan_context(sending):
            await receiver.wait_for(lambda r: len(r.of_type("room.started")) == 1)
        assert len(receiver.attempts) == 1


async def test_each_delivery_is_claimed_by_one_of_several_workers(database_url: str) -> None:
    """Two workers (as on two nodes) claim at the same moment: no delivery is taken twice."""
    async with running_receiver() as receiver:
        await empty_database(database_url)
        settings = make_settings(database_url, **FAST_RETRIES, webhook_worker=False)
        app = create_app(settings)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
        ):
            ada = await new_organiser(client)
            hook = await register(ada, receiver, ["room.started"])
            context = app.state.context  # type: ignore[attr-defined]
            async with context.unit_of_work() as work:
                from poll_service.models import WebhookEndpoint

                endpoint = await work.session.get(WebhookEndpoint, hook["id"])
                for _ in range(30):
                    queue(work.session, [endpoint], "webhook.test", {"n": 1})
        engines = [create_engine(settings) for _ in range(2)]
        workers = [WebhookSender(create_sessionmaker(e), settings) for e in engines]
        try:
            claims = await asyncio.gather(*(w._claim() for w in workers))
            mine = [{d.id for d, _ in claim} for claim in claims]
            assert not mine[0] & mine[1]
            # PostgreSQL: the second skips the rows the first has locked and takes others; SQLite:
            # the second waits for the first's commit, and then finds its candidates taken.
            assert 20 <= len(mine[0] | mine[1]) <= 30
            async with create_sessionmaker(engines[0])() as session:
                statuses = list(await session.scalars(select(col(WebhookDelivery.status))))
            assert statuses.count("sending") == len(mine[0] | mine[1])
        finally:
            for engine in engines:
                await engine.dispose()


async def test_private_addresses_and_bad_input_are_refused(database_url: str) -> None:
    async with app_client(make_settings(database_url)) as client:  # the default: public addresses only
        await _refuse_private_addresses_and_bad_input(client)


async def _refuse_private_addresses_and_bad_input(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)

    async def refused(body: dict[str, Any], status: int, words: str) -> None:
        r = await ada.post("/api/webhooks", body)
        assert r.status_code == status, r.text
        assert words in str(r.json()["detail"])

    events = ["room.ended"]
    for url in (
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://[::ffff:192.168.0.1]/",
    ):
        await refused({"url": url, "events": events}, 422, "public addresses only")
    await refused({"url": "ftp://example.org/x", "events": events}, 422, "https://")
    await refused({"url": "https://user:pw@example.org/x", "events": events}, 422, "user name")
    await refused({"url": "https://93.184.215.14/x", "events": ["room.exploded"]}, 422, "unknown events")
    await refused({"url": "https://93.184.215.14/x", "events": []}, 422, "at least 1")
    await refused({"url": "https://93.184.215.14/" + "x" * 2000, "events": events}, 422, "at most 2000")
    await refused({"url": "https://93.184.215.14/x", "events": events, "secret": "mine"}, 422, "Extra")
    r = await ada.post("/api/webhooks", {"url": "https://93.184.215.14/x", "events": events})
    assert r.status_code == 201, r.text
    other = await new_organiser(client, "Eve")
    r = await other.client.get(f"/api/webhooks/{r.json()['id']}/deliveries", headers=other.headers)
    assert r.status_code == 404  # another organiser's webhook does not exist for them


async def test_webhook_changes_are_rate_limited(database_url: str) -> None:
    async with app_client(make_settings(database_url, webhook_changes_per_minute=3)) as client:
        ada = await new_organiser(client)
        codes = [
            (
                await ada.post("/api/webhooks", {"url": "https://93.184.215.14/x", "events": ["room.ended"]})
            ).status_code
            for _ in range(4)
        ]
        assert codes == [201, 201, 201, 429]


async def test_a_countdown_running_out_sends_question_closed(database_url: str) -> None:
    """Voting closed by the clock, not by a control: the event is queued with the change and the
    workers, which look for due deliveries every POLL_WEBHOOK_POLL_SECONDS, send it."""
    settings = make_settings(database_url, **FAST_RETRIES, webhook_poll_seconds=0.2)
    async with app_client(settings) as client, running_receiver() as receiver:
        ada = await new_organiser(client)
        presentation = await ada.presentation()
        await register(ada, receiver, ["question.closed"])
        room = await ada.room(presentation["id"])  # on its first question, voting open
        r = await ada.control(room["id"], "start_countdown", seconds=1)
        assert r.status_code == 200, r.text
        await receiver.wait_for(lambda r: len(r.of_type("question.closed")) == 1)
        closed = receiver.of_type("question.closed")[0]["data"]
        assert closed["question"]["id"] == presentation["questions"][0]["id"]
        assert closed["room"]["id"] == room["id"]


async def test_a_body_past_the_size_limit_is_sent_without_its_data(
    client: httpx.AsyncClient, app: object
) -> None:
    from poll_service.models import WebhookEndpoint
    from poll_service.webhooks.outbox import MAX_BODY_BYTES

    ada = await new_organiser(client)
    r = await ada.post("/api/webhooks", {"url": "https://93.184.215.14/x", "events": ["room.summary"]})
    context = app.state.context  # type: ignore[attr-defined]
    async with context.unit_of_work() as work:
        endpoint = await work.session.get(WebhookEndpoint, r.json()["id"])
        huge = {"room": {"id": "r1"}, "results": {"text": "x" * MAX_BODY_BYTES}}
        [delivery] = queue(work.session, [endpoint], "room.summary", huge)
        [small] = queue(work.session, [endpoint], "room.summary", {"room": {"id": "r1"}, "results": {}})
        for queued in (delivery, small):  # kept from the worker: the address is not a test's to call
            queued.status = "failed"
    assert len(delivery.body) < 1000 and '"too_large":true' in delivery.body and '"id":"r1"' in delivery.body
    assert '"results":{}' in small.body


async def test_settled_deliveries_leave_the_log_after_its_days(
    client: httpx.AsyncClient, app: object
) -> None:
    from datetime import timedelta

    from poll_service.ids import utcnow
    from poll_service.models import WebhookEndpoint

    ada = await new_organiser(client)
    r = await ada.post("/api/webhooks", {"url": "https://93.184.215.14/x", "events": ["room.ended"]})
    context = app.state.context  # type: ignore[attr-defined]
    long_ago = utcnow() - timedelta(days=context.settings.webhook_log_days + 1)
    async with context.unit_of_work() as work:
        endpoint = await work.session.get(WebhookEndpoint, r.json()["id"])
        old, recent, waiting = (queue(work.session, [endpoint], "webhook.test", {})[0] for _ in range(3))
        old.status, old.finished_at = "delivered", long_ago
        recent.status, recent.finished_at = "failed", utcnow()
        waiting.status, waiting.next_attempt_at = "pending", utcnow() + timedelta(days=1)
    assert await context.webhooks.prune() == 1
    left = {d["id"] for d in await deliveries(ada, r.json()["id"])}
    assert left == {recent.id, waiting.id}
