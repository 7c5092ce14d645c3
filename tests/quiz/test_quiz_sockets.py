"""What phones receive in a quiz, over real sockets: never the right answer (or a score that would
tell it) before voting on the question closes; then the reveal, the leaderboard and their rank."""

import asyncio
import html
import json
import re
from typing import Any

from tests.conftest import LiveServer
from tests.helpers import new_organiser
from tests.quiz.support import CAPITALS, PLANETS, join_as, option_id, quiz_presentation
from tests.realtime_clients import next_message, open_socket, wait_for


async def _drain(ws: Any, seconds: float) -> list[dict[str, Any]]:
    """Every message that arrives within `seconds`."""
    messages: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            messages.append(await next_message(ws, left))
        except TimeoutError:
            break
    return messages


async def test_no_participant_route_or_message_tells_the_answer_before_close(live_server: LiveServer) -> None:
    async with live_server.client() as http:
        ada = await new_organiser(http)
        # Results visible while voting (not the default) so the phones do get tallies to inspect.
        shown = {**CAPITALS, "settings": {"hide_results_until_closed": False}}
        presentation = await quiz_presentation(ada, shown, PLANETS)
        q1, q2 = presentation["questions"]
        room = await ada.room(presentation["id"])
        phones = [await join_as(http, room["join_code"], name) for name in ("Ann", "Bob", "Cy")]
        sockets = [
            await open_socket(f"{live_server.ws_url}/ws/join/{room['join_code']}", p.token) for p, _ in phones
        ]
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)

        before: list[dict[str, Any]] = []
        for ws in sockets:
            before.append(await next_message(ws))
        for (phone, _), label in zip(phones, ["Amsterdam", "Utrecht", "Amsterdam"], strict=True):
            assert (await phone.vote(q1["id"], [option_id(q1, label)])).status_code == 201
        await ada.control(room["id"], "show_results")
        for ws in sockets:
            before.extend(await _drain(ws, 0.6))
        # Every route a phone can call, too.
        phone = phones[0][0]
        before.append(await phone.state())
        before.append((await http.get(f"/api/join/{room['join_code']}/me", headers=phone.headers)).json())
        page = await http.get(f"/{room['join_code']}", headers={"Cookie": f"poll_participant={phone.token}"})
        assert page.status_code == 200
        embedded = re.search(r"data-state='([^']*)'", page.text)
        assert embedded is not None
        before.append(json.loads(html.unescape(embedded.group(1))))
        results = [m for m in before if m.get("type") == "results"]
        assert results, "the phones got no results to check"
        assert all(set(m["result"]["tally"]) == {"counts"} for m in results)
        text = json.dumps(before)
        assert "correct" not in text and '"score"' not in text
        assert option_id(q1, "Amsterdam") in text  # the options themselves are there, unmarked
        # The presenter (the organiser's own view) does get the right answer.
        presenter_messages = await _drain(presenter, 0.6)
        assert any("correct_option_ids" in m.get("result", {}).get("tally", {}) for m in presenter_messages)

        # Closed: the reveal reaches every phone, with its own verdict.
        await ada.control(room["id"], "close_voting")
        reveals = [
            await wait_for(ws, lambda m: m["type"] == "state" and m["state"].get("reveal"), timeout=3)
            for ws in sockets
        ]
        assert [r["state"]["reveal"]["my_correct"] for r in reveals] == [True, False, True]
        assert (
            reveals[1]["state"]["reveal"]["my_score"] == 0 and reveals[0]["state"]["reveal"]["my_score"] > 0
        )

        # The leaderboard: a message to every socket, each phone with its own rank.
        await ada.control(room["id"], "show_leaderboard")
        boards = [await wait_for(ws, lambda m: m["type"] == "leaderboard", timeout=3) for ws in sockets]
        assert boards[1]["me"]["rank"] == 3 and boards[1]["me"]["score"] == 0
        assert {b["me"]["nickname"] for b in boards} == {"Ann", "Bob", "Cy"}
        screen = await wait_for(presenter, lambda m: m["type"] == "leaderboard", timeout=3)
        # The screen ranks the players with points: no rows of 0-point players below them.
        assert {e["nickname"] for e in screen["top"]} == {"Ann", "Cy"} and screen["players"] == 3

        # The next question: hidden again.
        await ada.control(room["id"], "next")
        moved = await wait_for(
            sockets[0], lambda m: m["type"] == "state" and m["state"]["question"]["id"] == q2["id"]
        )
        assert "correct" not in json.dumps(moved) and moved["state"].get("leaderboard") is None
        for ws in [*sockets, presenter]:
            await ws.close()
