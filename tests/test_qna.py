"""Audience Q&A over the API, on SQLite and PostgreSQL: asking, upvoting (also all at once),
the organiser's answered / approve / hide, settings, limits and bad input."""

import asyncio
from typing import Any

import httpx
import pytest

from poll_service.settings import Settings
from tests.conftest import make_settings
from tests.helpers import join, new_organiser
from tests.qna_support import ask, panel, phones, qna_room, upvote


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Generous vote limits so the concurrency test measures the upvotes, not the limiter.
    return make_settings(database_url, qna_upvotes_per_participant_per_10s=100)


async def test_ask_upvote_and_see_the_list(client: httpx.AsyncClient) -> None:
    ada, _, room = await qna_room(client)
    one, two, three = await phones(client, room["join_code"], 3)
    r = await ask(one, "  Will the  slides be shared?  ", name="Ann")
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["text"] == "Will the slides be shared?"  # cleaned: spaces folded, trimmed
    assert first["author_name"] == "Ann" and first["status"] == "visible" and first["message"] is None
    second = (await ask(two, "When is the break?")).json()

    assert (await upvote(two, first["id"])).json() == {"id": first["id"], "upvotes": 1, "upvoted": True}
    assert (await upvote(three, first["id"])).json()["upvotes"] == 2
    # Once per participant: again changes nothing.
    assert (await upvote(three, first["id"])).json()["upvotes"] == 2
    view = await panel(three)
    assert [q["id"] for q in view["questions"]] == [first["id"], second["id"]]  # most upvoted first
    assert view["questions"][0]["upvotes"] == 2 and view["upvoted"] == [first["id"]]
    assert view["count"] == 2 and view["mine"] == []
    assert "participant_id" not in view["questions"][0]
    assert [q["id"] for q in (await panel(one))["mine"]] == [first["id"]]

    # Taking an upvote back, twice: one step down, then nothing.
    assert (await upvote(three, first["id"], up=False)).json() == {
        "id": first["id"],
        "upvotes": 1,
        "upvoted": False,
    }
    assert (await upvote(three, first["id"], up=False)).json()["upvotes"] == 1
    assert (await panel(three))["upvoted"] == []

    # The organiser marks it answered; it moves below the open questions.
    r = await client.patch(
        f"/api/rooms/{room['id']}/qna/{first['id']}", json={"answered": True}, headers=ada.headers
    )
    assert r.status_code == 200 and r.json()["answered"] is True
    assert [q["id"] for q in (await panel(two))["questions"]] == [second["id"], first["id"]]


async def test_off_until_enabled_and_settings_follow_patches(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    room = await ada.room(presentation["id"])
    assert room["settings"].get("qna") is None
    phone = await join(client, room["join_code"])
    r = await ask(phone, "Anyone there?")
    assert r.status_code == 423 and "not open" in r.json()["detail"]

    r = await client.patch(f"/api/rooms/{room['id']}", json={"qna": {"enabled": True}}, headers=ada.headers)
    assert r.status_code == 200, r.text
    qna = r.json()["settings"]["qna"]
    assert qna == {
        "enabled": True,
        "moderation": "off",
        "allow_names": True,
        "allow_upvotes": True,
        "max_length": 280,
        "on_screen": False,
        "sort": "votes",
    }
    assert (await ask(phone, "Anyone there?")).status_code == 201
    # A second PATCH changes only its own keys.
    r = await client.patch(
        f"/api/rooms/{room['id']}", json={"qna": {"allow_names": False}}, headers=ada.headers
    )
    assert r.json()["settings"]["qna"]["enabled"] is True
    assert (await ask(phone, "Me again", name="Bob")).status_code == 422
    assert (await panel(phone))["settings"]["allow_names"] is False

    # A presentation's Q&A settings are the defaults of the rooms opened from it later.
    r = await client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"qna": {"enabled": True, "moderation": "approve"}}},
        headers=ada.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["qna"]["moderation"] == "approve"
    r = await client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"qna": {"max_length": 100}}},
        headers=ada.headers,
    )
    assert r.json()["settings"]["qna"]["moderation"] == "approve"  # kept
    later = await ada.room(presentation["id"])
    assert (
        later["settings"]["qna"]["moderation"] == "approve" and later["settings"]["qna"]["max_length"] == 100
    )
    # ... unless the room says otherwise when it is opened.
    r = await ada.post(f"/api/presentations/{presentation['id']}/rooms", {"qna": {"moderation": "filter"}})
    assert r.json()["settings"]["qna"]["moderation"] == "filter"
    assert r.json()["settings"]["qna"]["enabled"] is True


async def test_approve_first_and_hide(client: httpx.AsyncClient) -> None:
    ada, _, room = await qna_room(client, moderation="approve")
    asker, other = await phones(client, room["join_code"], 2)
    r = await ask(asker, "Is the canteen open tonight?")
    assert r.status_code == 201
    waiting = r.json()
    assert waiting["status"] == "pending" and "approval" in waiting["message"]
    # Nobody sees it yet, except its author (with its status) and the organiser.
    assert (await panel(other))["questions"] == []
    mine = (await panel(asker))["mine"]
    assert [(q["id"], q["status"]) for q in mine] == [(waiting["id"], "pending")]
    assert (await upvote(other, waiting["id"])).status_code == 404
    listing = (await client.get(f"/api/rooms/{room['id']}/qna", headers=ada.headers)).json()
    assert listing["counts"] == {"visible": 0, "pending": 1, "hidden": 0}
    pending = (await client.get(f"/api/rooms/{room['id']}/qna?status=pending", headers=ada.headers)).json()
    assert [q["id"] for q in pending["questions"]] == [waiting["id"]]

    r = await client.patch(
        f"/api/rooms/{room['id']}/qna/{waiting['id']}", json={"status": "visible"}, headers=ada.headers
    )
    assert r.status_code == 200 and r.json()["status"] == "visible"
    assert [q["id"] for q in (await panel(other))["questions"]] == [waiting["id"]]
    assert (await upvote(other, waiting["id"])).json()["upvotes"] == 1

    r = await client.patch(
        f"/api/rooms/{room['id']}/qna/{waiting['id']}", json={"status": "hidden"}, headers=ada.headers
    )
    assert r.json()["status"] == "hidden"
    assert (await panel(other))["questions"] == []
    assert (await upvote(other, waiting["id"])).status_code == 404


async def test_filter_hides_profanity_and_tells_the_asker(client: httpx.AsyncClient) -> None:
    ada, _, room = await qna_room(client, moderation="filter")
    phone = (await phones(client, room["join_code"], 1))[0]
    clean = (await ask(phone, "What about Scunthorpe and the assessment?")).json()
    assert clean["status"] == "visible"
    r = await ask(phone, "Why is this so f\u200bцcking slow?")
    assert r.status_code == 201
    assert r.json()["status"] == "hidden" and "not allowed" in r.json()["message"]
    r = await ask(phone, "Goede vraag", name="klootzak")  # a name is filtered too
    assert r.json()["status"] == "hidden"
    assert [q["id"] for q in (await panel(phone))["questions"]] == [clean["id"]]
    hidden = (await client.get(f"/api/rooms/{room['id']}/qna?status=hidden", headers=ada.headers)).json()
    assert len(hidden["questions"]) == 2  # kept, so the organiser can restore one


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"text": ""}, 422, "text"),
        ({"text": "   \u200b "}, 422, "empty"),
        ({"text": "x" * 281}, 422, "longer than 280"),
        ({"text": "👍🏽" * 280}, 201, None),  # 280 characters as people count them
        ({"text": 42}, 422, "text"),
        ({"text": "ok", "extra": 1}, 422, "extra"),
        ({"text": "ok", "name": "n" * 41}, 422, "name is longer than 40"),
        ({}, 422, "text"),
    ],
)
async def test_bad_questions_are_refused_clearly(
    client: httpx.AsyncClient, body: dict[str, Any], status: int, says: str | None
) -> None:
    _, _, room = await qna_room(client)
    phone = await join(client, room["join_code"])
    r = await client.post(f"/api/join/{room['join_code']}/qna", json=body, headers=phone.headers)
    assert r.status_code == status, r.text
    if says:
        assert says in str(r.json()["detail"])


async def test_who_may_do_what(client: httpx.AsyncClient) -> None:
    ada, _, room = await qna_room(client)
    phone = await join(client, room["join_code"])
    question = (await ask(phone, "A question")).json()
    # No participant token, a wrong code, another room's token, an unknown question.
    assert (await client.post(f"/api/join/{room['join_code']}/qna", json={"text": "x"})).status_code == 401
    assert (await client.get("/api/join/00000000/qna", headers=phone.headers)).status_code == 404
    assert (await upvote(phone, "nope")).status_code == 404
    _, _, other_room = await qna_room(client)
    stranger = await join(client, other_room["join_code"])
    assert (await upvote(stranger, question["id"])).status_code == 404  # its own room has no such question
    # Organiser routes: 401 without auth, 404 for someone else's room, 422 for a bad body.
    assert (await client.get(f"/api/rooms/{room['id']}/qna")).status_code == 401
    bob = await new_organiser(client, "Bob")
    assert (await client.get(f"/api/rooms/{room['id']}/qna", headers=bob.headers)).status_code == 404
    r = await client.patch(
        f"/api/rooms/{room['id']}/qna/{question['id']}", json={"status": "pending"}, headers=ada.headers
    )
    assert r.status_code == 422
    r = await client.patch(
        f"/api/rooms/{room['id']}/qna/{question['id']}", json={"answered": "maybe"}, headers=ada.headers
    )
    assert r.status_code == 422
    r = await client.patch(
        f"/api/rooms/{room['id']}", json={"qna": {"moderation": "strict"}}, headers=ada.headers
    )
    assert r.status_code == 422
    r = await client.patch(
        f"/api/rooms/{room['id']}", json={"qna": {"max_length": 5000}}, headers=ada.headers
    )
    assert r.status_code == 422
    r = await client.patch(f"/api/rooms/{room['id']}/qna/nope", json={"answered": True}, headers=ada.headers)
    assert r.status_code == 404
    # Upvoting can be turned off; an ended room takes no questions.
    await client.patch(
        f"/api/rooms/{room['id']}", json={"qna": {"allow_upvotes": False}}, headers=ada.headers
    )
    assert (await upvote(phone, question["id"])).status_code == 423
    await ada.control(room["id"], "end")
    assert (await ask(phone, "Too late?")).status_code in (404, 423)


async def test_asking_is_rate_limited_and_a_room_has_a_cap(database_url: str) -> None:
    from poll_service.app import create_app
    from tests.conftest import empty_database

    settings = make_settings(
        database_url, qna_questions_per_participant_per_minute=3, qna_max_questions_per_room=4
    )
    await empty_database(database_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            _, _, room = await qna_room(client)
            one, two = await phones(client, room["join_code"], 2)
            assert [(await ask(one, f"Q{n}")).status_code for n in range(3)] == [201, 201, 201]
            r = await ask(one, "Q4")
            assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
            assert (await ask(two, "Q4")).status_code == 201
            r = await ask(two, "Q5")
            assert r.status_code == 409 and "full" in r.json()["detail"]


async def test_simultaneous_upvotes_count_exactly(client: httpx.AsyncClient) -> None:
    """50 participants at once -> exactly 50; one participant 20 times at once -> 1."""
    _, _, room = await qna_room(client)
    audience = await phones(client, room["join_code"], 51)
    asker, crowd = audience[0], audience[1:]
    question = (await ask(asker, "Pizza for lunch?")).json()
    answers = await asyncio.gather(*(upvote(p, question["id"]) for p in crowd))
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers if r.status_code != 200]
    assert (await panel(asker))["questions"][0]["upvotes"] == 50

    other = (await ask(asker, "Dessert too?")).json()
    answers = await asyncio.gather(*(upvote(asker, other["id"]) for _ in range(20)))
    assert all(r.status_code == 200 for r in answers)
    assert {r.json()["upvotes"] for r in answers} == {1}
    view = await panel(asker)
    assert {q["id"]: q["upvotes"] for q in view["questions"]}[other["id"]] == 1
    # And 20 take-backs at once leave exactly 0.
    answers = await asyncio.gather(*(upvote(asker, other["id"], up=False) for _ in range(20)))
    assert all(r.status_code == 200 for r in answers)
    view = await panel(asker)
    assert {q["id"]: q["upvotes"] for q in view["questions"]}[other["id"]] == 0
