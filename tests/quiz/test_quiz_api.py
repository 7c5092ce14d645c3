"""Quiz questions over the API (SQLite and PostgreSQL): authoring, scoring, reveal, nicknames,
leaderboard, reset."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import col

from poll_service.i18n import catalogue
from poll_service.models import Participant, Response
from poll_service.question_types.quiz_scoring import speed_points
from poll_service.quiz.nicknames import NameWords, made_up_name, name_key
from tests.helpers import new_organiser
from tests.quiz.support import CAPITALS, PLANETS, join_as, option_id, quiz_presentation


async def test_quiz_question_defaults_and_organiser_view(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada, CAPITALS)
    question = presentation["questions"][0]
    assert question["type"] == "quiz"
    assert question["settings"] == {
        "multi_select": False,
        "max_choices": 1,
        "allow_change": False,
        "chart": "bars",
        "time_limit_s": 20,
        "points": 1000,
        "speed_bonus": True,
        "reveal_on_close": True,
        "hide_results_until_closed": True,
    }
    # The organiser sees which option is right.
    assert [o.get("correct", False) for o in question["options"]] == [False, True, False]
    # An edit that keeps the option ids keeps the marks (and can move them).
    options = [
        {"id": o["id"], "label": o["label"], "correct": o["label"] == "Utrecht"} for o in question["options"]
    ]
    r = await client.patch(f"/api/questions/{question['id']}", json={"options": options}, headers=ada.headers)
    assert r.status_code == 200, r.text
    assert [o.get("correct", False) for o in r.json()["options"]] == [False, False, True]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({**CAPITALS, "options": [{"label": "A"}, {"label": "B"}]}, "at least one option with correct: true"),
        ({**CAPITALS, "type": "multiple_choice"}, "only quiz options can be marked correct"),
        ({**CAPITALS, "settings": {"time_limit_s": 4}}, "time_limit_s"),
        ({**CAPITALS, "settings": {"time_limit_s": 301}}, "time_limit_s"),
        ({**CAPITALS, "settings": {"points": -1}}, "points"),
        ({**CAPITALS, "settings": {"points": "many"}}, "points"),
        ({**CAPITALS, "settings": {"speed": True}}, "speed"),
        ({**CAPITALS, "settings": {"max_choices": 2}}, "max_choices 2 exceeds 1"),
        ({**CAPITALS, "options": [{"label": "A", "correct": True}]}, "needs 2 to 30 options"),
        ({**CAPITALS, "options": [{"label": "A", "correct": "yes"}, {"label": "B"}]}, "correct"),
    ],
)
async def test_invalid_quiz_questions_are_422(
    client: httpx.AsyncClient, body: dict[str, Any], detail: str
) -> None:
    ada = await new_organiser(client)
    r = await ada.post("/api/presentations", {"title": "Quiz"})
    r = await ada.post(f"/api/presentations/{r.json()['id']}/questions", body)
    assert r.status_code == 422, r.text
    assert detail in json.dumps(r.json()["detail"])


async def test_right_answer_scores_by_speed_wrong_scores_nothing_and_no_second_try(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    fast, joined = await join_as(client, room["join_code"], "Fast")
    assert joined["nickname"] == "Fast"
    slow, _ = await join_as(client, room["join_code"], "Slow")
    wrong, made_up = await join_as(client, room["join_code"])  # no nickname: a generated one
    default = made_up["nickname"]

    assert (await fast.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    assert (await wrong.vote(q1["id"], [option_id(q1, "Utrecht")])).status_code == 201
    await asyncio.sleep(1.5)
    assert (await slow.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    # allow_change is off for a quiz: a second try is refused and does not change the score.
    r = await wrong.vote(q1["id"], [option_id(q1, "Amsterdam")])
    assert r.status_code == 409, r.text

    board = (
        await client.get(f"/api/rooms/{room['id']}/leaderboard?include_open=true", headers=ada.headers)
    ).json()
    scores = {e["nickname"]: e["score"] for e in board["entries"]}
    times = {e["nickname"]: e["time_ms"] for e in board["entries"]}
    # Each right answer scores what the speed rule gives for the time the server measured for it,
    # however loaded the machine: full points within half a second, then down to half at the
    # time limit. Slow answered at least 1.5 s after Fast.
    for name in ("Fast", "Slow"):
        assert abs(scores[name] - speed_points(1000, times[name] / 1000, 20)) <= 1, (name, times)
    assert times["Slow"] >= times["Fast"] + 1500
    assert 500 < scores["Slow"] < scores["Fast"]  # slower: fewer, never below half
    assert scores[default] == 0
    assert [e["nickname"] for e in board["entries"]] == ["Fast", "Slow", default]
    assert times[default] is None  # a wrong answer is not timed
    # While the question is open the screen's leaderboard counts nothing yet.
    shown = (await client.get(f"/api/rooms/{room['id']}/leaderboard", headers=ada.headers)).json()
    assert shown["entries"] == []  # (the question not shown yet counts, with no answers)


async def test_reveal_after_close_shows_right_option_and_own_points(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    other, _ = await join_as(client, room["join_code"], "Kim")
    assert (await phone.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    assert (await other.vote(q1["id"], [option_id(q1, "Rotterdam")])).status_code == 201

    before = await phone.state()
    assert "correct" not in json.dumps(before)
    assert "score" not in before["my_response"]
    assert before["results_visible"] is False  # hidden until voting closes (quiz default)
    assert "reveal" not in before or before["reveal"] is None

    assert (await ada.control(room["id"], "close_voting")).status_code == 200
    after = await phone.state()
    assert after["reveal"]["correct_option_ids"] == [option_id(q1, "Amsterdam")]
    assert after["reveal"]["my_correct"] is True and after["reveal"]["my_score"] >= 990
    assert [o.get("correct", False) for o in after["question"]["options"]] == [False, True, False]
    assert after["results_visible"] is True
    loser = await other.state()
    assert loser["reveal"]["my_correct"] is False and loser["reveal"]["my_score"] == 0
    # The page without scripts says the same.
    page = await client.get(f"/{room['join_code']}", headers={"Cookie": f"poll_participant={phone.token}"})
    assert "Right! +" in page.text and "The right answer: Amsterdam" in page.text

    # The leaderboard: shown on request, each phone sees its own rank.
    r = await ada.control(room["id"], "show_leaderboard")
    assert r.status_code == 200 and r.json()["settings"]["leaderboard"] == "ranking"
    mine = (await phone.state())["leaderboard"]
    assert mine["me"]["rank"] == 1 and mine["players"] == 2
    assert (await other.state())["leaderboard"]["me"]["rank"] == 2
    board = (await client.get(f"/api/rooms/{room['id']}/leaderboard", headers=ada.headers)).json()
    assert board["mode"] == "ranking" and [e["nickname"] for e in board["entries"]] == ["Sam", "Kim"]
    # Moving on takes the leaderboard down and hides the next answer again.
    await ada.control(room["id"], "next")
    state = await phone.state()
    assert state.get("leaderboard") is None and "correct" not in json.dumps(state)


async def test_quiz_answer_by_plain_form_without_scripts(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    cookie = {"Cookie": f"poll_participant={phone.token}"}
    page = await client.get(f"/{room['join_code']}", headers=cookie)
    assert 'name="choice"' in page.text and "correct" not in page.text.split("data-texts")[0]
    r = await client.post(
        f"/{room['join_code']}/vote",
        data={"question_id": q1["id"], "choice": option_id(q1, "Amsterdam"), "key": "k1"},
        headers=cookie,
    )
    assert r.status_code == 303, r.text
    assert (await phone.state())["my_response"]["choice_ids"] == [option_id(q1, "Amsterdam")]


async def test_reveal_action_for_a_question_that_waits_for_the_presenter(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    waiting = {**PLANETS, "settings": {"reveal_on_close": False}}
    presentation = await quiz_presentation(ada, waiting)
    q = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    assert (await phone.vote(q["id"], [option_id(q, "Jupiter")])).status_code == 201
    await ada.control(room["id"], "close_voting")
    assert "correct" not in json.dumps(await phone.state())  # closed, not revealed yet
    assert (await ada.control(room["id"], "reveal")).status_code == 200
    assert (await phone.state())["reveal"]["my_correct"] is True


async def test_reveal_and_countdown_need_the_right_question(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()  # multiple choice only
    room = await ada.room(presentation["id"])
    r = await ada.control(room["id"], "reveal")
    assert r.status_code == 409 and "quiz" in r.json()["detail"]
    for seconds in (0, 3601, "ten"):
        r = await ada.post(
            f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": seconds}
        )
        assert r.status_code == 422, r.text
    r = await ada.post(f"/api/rooms/{room['id']}/control", {"action": "start_countdown", "seconds": 30})
    assert r.status_code == 200 and r.json()["countdown_ends_at"]
    await ada.control(room["id"], "end")
    assert (await ada.control(room["id"], "start_countdown")).status_code == 409


async def test_nicknames_are_cleaned_unique_and_limited(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    room = await ada.room(presentation["id"])
    code = room["join_code"]
    # Joining with a taken name (a script's join never fails on it): a number makes it unique.
    _, first = await join_as(client, code, "  Sam\u200b ")
    _, second = await join_as(client, code, "sam")
    _, third = await join_as(client, code, "SAM")
    assert [first["nickname"], second["nickname"], third["nickname"]] == ["Sam", "sam 2", "SAM 3"]
    for bad in ["", "\u200b\u200b", "x" * 25, "a\u0301\u0302\u0303\u0304\u0305\u0306", "Fuck Face"]:
        r = await client.post("/api/join", json={"join_code": code, "nickname": bad})
        assert r.status_code == 422, (bad, r.text)
        assert "nickname" in json.dumps(r.json()["detail"])
    before = (await client.get(f"/api/rooms/{room['id']}", headers=ada.headers)).json()["participant_count"]
    assert before == 3  # a refused nickname joins nobody
    phone, joined = await join_as(client, code)
    assert joined["nickname"] and len(joined["nickname"].split()) == 2  # "Swift Otter"
    r = await client.patch(f"/api/join/{code}/me", json={"nickname": "Kim"}, headers=phone.headers)
    assert r.status_code == 200 and r.json()["nickname"] == "Kim"
    # Choosing a taken name says so, whatever the case, accents or look-alike letters.
    for taken in ("Sam", "SÄM", "\u0405\u0430m", "\uff33\uff21\uff2d 2"):  # Cyrillic S and a; full width
        r = await client.patch(f"/api/join/{code}/me", json={"nickname": taken}, headers=phone.headers)
        assert r.status_code == 409, (taken, r.text)
        assert taken in r.json()["detail"] and "taken" in r.json()["detail"]
    r = await client.patch(f"/api/join/{code}/me", json={"nickname": "sh1t"}, headers=phone.headers)
    assert r.status_code == 422 and "not allowed" in r.json()["detail"]
    r = await client.patch(f"/api/join/{code}/me", json={"name": "Kim"}, headers=phone.headers)
    assert r.status_code == 422
    r = await client.get(f"/api/join/{code}/me", headers=phone.headers)
    assert r.status_code == 200 and r.json()["nickname"] == "Kim"
    # One's own name in another spelling is no clash.
    r = await client.patch(f"/api/join/{code}/me", json={"nickname": "KIM"}, headers=phone.headers)
    assert r.status_code == 200 and r.json()["nickname"] == "KIM"
    assert (await client.patch(f"/api/join/{code}/me", json={"nickname": "Eve"})).status_code == 401


async def test_simultaneous_same_nicknames_stay_unique(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    room = await ada.room(presentation["id"])
    results = await asyncio.gather(*(join_as(client, room["join_code"], "Alex") for _ in range(8)))
    names = [data["nickname"] for _, data in results]
    assert len(set(n.casefold() for n in names)) == 8, names


async def test_reset_question_clears_scores(client: httpx.AsyncClient, app: Any) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    phone, _ = await join_as(client, room["join_code"], "Sam")
    assert (await phone.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201
    async with app.state.context.sessionmaker() as session:
        scores = (
            await session.scalars(select(col(Response.score)).where(col(Response.room_id) == room["id"]))
        ).all()
    assert scores and scores[0] >= 990
    await ada.control(room["id"], "close_voting")
    await ada.control(room["id"], "reset_question")
    board = (
        await client.get(f"/api/rooms/{room['id']}/leaderboard?include_open=true", headers=ada.headers)
    ).json()
    assert board["entries"] == []
    # Reopened, the phone may answer again; the clock starts afresh.
    r = await ada.control(room["id"], "open_voting")
    assert r.json()["voting_opened_at"] is not None
    assert (await phone.vote(q1["id"], [option_id(q1, "Amsterdam")])).status_code == 201


async def test_results_api_carries_the_quiz_tally(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1 = presentation["questions"][0]
    room = await ada.room(presentation["id"])
    for label in ["Amsterdam", "Amsterdam", "Utrecht"]:
        phone, _ = await join_as(client, room["join_code"])
        assert (await phone.vote(q1["id"], [option_id(q1, label)])).status_code == 201
    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    tally = results["questions"][0]["tally"]
    assert tally["correct_option_ids"] == [option_id(q1, "Amsterdam")]
    assert tally["correct_count"] == 2
    assert tally["counts"][option_id(q1, "Utrecht")] == 1


async def test_leaderboard_equals_a_recount_of_stored_scores(client: httpx.AsyncClient, app: Any) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    q1, q2 = presentation["questions"]
    room = await ada.room(presentation["id"])
    phones = [(await join_as(client, room["join_code"], f"P{i}"))[0] for i in range(6)]
    picks = {
        q1["id"]: ["Amsterdam", "Utrecht", "Amsterdam", "Rotterdam", "Amsterdam", "Amsterdam"],
        q2["id"]: ["Jupiter", "Jupiter", "Mars", "Jupiter", "Mars", "Jupiter"],
    }
    for question in (q1, q2):
        for phone, label in zip(phones, picks[question["id"]], strict=True):
            assert (await phone.vote(question["id"], [option_id(question, label)])).status_code == 201
            await asyncio.sleep(0.05)
        await ada.control(room["id"], "close_voting")
        if question is q1:
            await ada.control(room["id"], "next")
    await ada.control(room["id"], "show_leaderboard")
    async with app.state.context.sessionmaker() as session:
        rows = (
            await session.execute(
                select(col(Response.participant_id), col(Response.score)).where(
                    col(Response.room_id) == room["id"]
                )
            )
        ).all()
    recount: dict[str, int] = {}
    for participant_id, score in rows:
        recount[participant_id] = recount.get(participant_id, 0) + score
    board = (await client.get(f"/api/rooms/{room['id']}/leaderboard?limit=100", headers=ada.headers)).json()
    assert board["questions_counted"] == 2
    assert {e["participant_id"]: e["score"] for e in board["entries"]} == recount
    # Each phone's own rank and score (the live room's count) agree with it.
    for phone in phones:
        mine = (await phone.state())["leaderboard"]["me"]
        entry = next(e for e in board["entries"] if e["participant_id"] == phone.participant_id)
        assert (mine["rank"], mine["score"]) == (entry["rank"], entry["score"])


async def test_generated_nicknames_speak_the_presentations_language(client: httpx.AsyncClient) -> None:
    """The leaderboard is on the presenter screen, which speaks the presentation's language."""
    ada = await new_organiser(client)
    dutch = await quiz_presentation(ada)
    r = await ada.client.patch(
        f"/api/presentations/{dutch['id']}", json={"language": "nl"}, headers=ada.headers
    )
    assert r.status_code == 200, r.text
    english = await quiz_presentation(ada)
    for presentation, lang in ((dutch, "nl"), (english, "en")):
        words = NameWords.of(catalogue(lang))
        code = (await ada.room(presentation["id"]))["join_code"]
        for _ in range(3):
            adjective, animal = (await join_as(client, code))[1]["nickname"].split(" ")
            assert adjective in words.adjectives and animal in words.animals


async def test_names_are_unique_across_the_rooms_of_a_presentation(client: httpx.AsyncClient) -> None:
    """Five breakout rooms of one deck share one combined scoreboard: no name twice in it."""
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    codes = [(await ada.room(presentation["id"]))["join_code"] for _ in range(3)]
    defaults = [(await join_as(client, code))[1]["nickname"] for code in codes for _ in range(4)]
    assert len({name_key(n) for n in defaults}) == 12, defaults
    chosen = [(await join_as(client, code, "Sam"))[1]["nickname"] for code in codes]
    assert chosen == ["Sam", "Sam 2", "Sam 3"]
    other = await quiz_presentation(ada)  # another deck's names are its own
    assert (await join_as(client, (await ada.room(other["id"]))["join_code"], "Sam"))[1]["nickname"] == "Sam"


async def test_a_hall_joining_at_once_is_named_in_a_few_batches_and_no_name_twice(
    app: Any, client: httpx.AsyncClient
) -> None:
    """Forty phones join two rooms of one quiz at the same moment: forty different names, stored,
    named together in batches (one naming transaction per join queued a hall behind itself)."""
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    codes = [(await ada.room(presentation["id"]))["join_code"] for _ in range(2)]
    namer = app.state.context.namer
    before = namer.batches
    joined = await asyncio.gather(*(join_as(client, codes[i % 2]) for i in range(40)))
    names = [body["nickname"] for _, body in joined]
    assert len({name_key(n) for n in names}) == 40, names
    assert namer.batches - before < 40
    async with app.state.context.sessionmaker() as session:
        stored = set(
            (
                await session.scalars(
                    select(col(Participant.nickname)).where(col(Participant.nickname).is_not(None))
                )
            ).all()
        )
    assert set(names) <= stored


def test_generated_names_run_on_with_numbers_once_the_words_are_used_up() -> None:
    words = NameWords(("Swift",), ("Otter",), "{adjective} {animal}", "Player {n}")
    taken = {name_key("Swift Otter"), name_key("player 2")}
    assert made_up_name(words, set()) == "Swift Otter"
    assert made_up_name(words, taken) == "Player 3"
    assert made_up_name(NameWords(numbered="Joueur {n}"), set()) == "Joueur 1"


async def test_one_leaderboard_over_the_rooms_of_a_presentation(client: httpx.AsyncClient) -> None:
    """Parallel rooms of one deck: one board, each row with its room, equal points to the faster."""
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada, {**CAPITALS, "settings": {"speed_bonus": False}})
    question = presentation["questions"][0]
    rooms = []
    for name in ("Room A", "Room B"):
        r = await ada.post(f"/api/presentations/{presentation['id']}/rooms", {"name": name})
        assert r.status_code == 201, r.text
        rooms.append(r.json())
    sam, _ = await join_as(client, rooms[0]["join_code"], "Sam")
    kim, _ = await join_as(client, rooms[1]["join_code"], "Kim")
    lee, _ = await join_as(client, rooms[1]["join_code"], "Lee")
    # Room B opens first and Kim answers after Sam: from her room's opening she took longer.
    for room in reversed(rooms):
        assert (await ada.control(room["id"], "next")).status_code == 200
    assert (await sam.vote(question["id"], [option_id(question, "Amsterdam")])).status_code == 201
    assert (await kim.vote(question["id"], [option_id(question, "Amsterdam")])).status_code == 201
    assert (await lee.vote(question["id"], [option_id(question, "Utrecht")])).status_code == 201
    url = f"/api/presentations/{presentation['id']}/leaderboard"
    # Nothing counts while the answer is not shown in a room.
    assert (await client.get(url, headers=ada.headers)).json()["entries"] == []
    for room in rooms:
        assert (await ada.control(room["id"], "close_voting")).status_code == 200
    board = (await client.get(url, headers=ada.headers)).json()
    assert board["rooms"] == 2 and board["players"] == 3
    rows = [(e["rank"], e["nickname"], e["room"], e["score"]) for e in board["entries"]]
    assert rows == [(1, "Sam", "Room A", 1000), (2, "Kim", "Room B", 1000), (3, "Lee", "Room B", 0)]
    assert board["entries"][0]["room_id"] == rooms[0]["id"]
    assert board["entries"][0]["time_ms"] < board["entries"][1]["time_ms"]
    assert len((await client.get(f"{url}?limit=1", headers=ada.headers)).json()["entries"]) == 1
    eve = await new_organiser(client)
    assert (await client.get(url, headers=eve.headers)).status_code == 404
