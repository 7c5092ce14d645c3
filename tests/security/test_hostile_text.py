"""Text a hostile audience types: one "character" (a grapheme cluster) can hold thousands of code
points, so every text has a code-point cap beside its character cap and a cap per character; no
push grows past its budget whatever the crowd stores; no stored text breaks an export; and every
word that can be stored can be hidden."""

import asyncio
import io
import json
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update
from sqlmodel import col

from poll_service.models import Response
from poll_service.text import PUSH_TEXT_BYTES
from tests.conftest import LiveServer
from tests.helpers import Organiser, join, new_organiser
from tests.realtime_clients import open_socket, wait_for

# One grapheme cluster each: a letter with runs of variation selectors, grapheme joiners or
# enclosing circles (none of them "combining"), and a run of Hangul leading jamo.
ONE_CLUSTER = ["a" + "\ufe0f" * 12, "e" + "\u034f" * 12, "o" + "\u20dd" * 12, "\u1100" * 12]
HUGE = "a" + "\ufe0f" * 21_000


async def _room(ada: Organiser, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    presentation = (await ada.post("/api/presentations", {"title": "Avond"})).json()
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 201, r.text
    room = await ada.room(presentation["id"])
    await ada.control(room["id"], "goto", question_id=r.json()["id"])
    return r.json(), room


WORDS = {"type": "word_cloud", "prompt": "Eén woord?", "settings": {"max_entries": 3, "max_length": 60}}
TEXT = {"type": "open_text", "prompt": "Opmerkingen?", "settings": {"max_length": 1000}}


@pytest.mark.parametrize("hostile", [*ONE_CLUSTER, HUGE], ids=["fe0f", "034f", "20dd", "jamo", "huge"])
async def test_one_character_holding_many_code_points_is_refused_everywhere(
    client: httpx.AsyncClient, hostile: str
) -> None:
    ada = await new_organiser(client)
    words, room = await _room(ada, WORDS)
    phone = await join(client, room["join_code"])
    for body in ({"entries": [hostile]}, {"entries": ["koffie", f"x{hostile}"]}):
        r = await phone.client.post(
            f"/api/join/{room['join_code']}/responses",
            json={"question_id": words["id"], **body},
            headers=phone.headers,
        )
        assert r.status_code == 422, r.text
        assert "entries" in json.dumps(r.json())
    text, text_room = await _room(ada, TEXT)
    other = await join(client, text_room["join_code"])
    r = await other.client.post(
        f"/api/join/{text_room['join_code']}/responses",
        json={"question_id": text["id"], "text": f"Goed idee {hostile}"},
        headers=other.headers,
    )
    assert r.status_code == 422, r.text
    r = await client.post("/api/join", json={"join_code": room["join_code"], "nickname": hostile})
    assert r.status_code == 422, r.text
    # Emoji people really send stay welcome: a family, a flag, a keycap, skin tones.
    r = await phone.client.post(
        f"/api/join/{room['join_code']}/responses",
        json={"question_id": words["id"], "entries": ["👨‍👩‍👧‍👦", "🇳🇱", "1️⃣👍🏽"]},
        headers=phone.headers,
    )
    assert r.status_code == 201, r.text


async def test_a_push_stays_within_its_budget_whatever_the_crowd_stores(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as http:
        ada = await new_organiser(http)
        words, room = await _room(ada, WORDS)
        await ada.control(room["id"], "show_results")
        presenter = await open_socket(f"{live_server.ws_url}/ws/rooms/{room['id']}/presenter", ada.token)
        phones = [await join(http, room["join_code"]) for _ in range(60)]

        async def vote(n: int, phone: Any) -> None:
            # Three distinct words of 60 four-byte characters each: the largest a word may be.
            entries = [chr(0x1F600 + (3 * n + k) % 80) * 59 + chr(0x4E00 + 3 * n + k) for k in range(3)]
            r = await phone.client.post(
                f"/api/join/{room['join_code']}/responses",
                json={"question_id": words["id"], "entries": entries},
                headers=phone.headers,
            )
            assert r.status_code == 201, r.text

        await asyncio.gather(*(vote(n, phone) for n, phone in enumerate(phones)))
        pushes: list[int] = []

        def counted_all(message: dict[str, Any]) -> bool:
            if message.get("type") == "results":
                pushes.append(len(json.dumps(message, ensure_ascii=False).encode()))
                return bool(message["result"]["response_count"] == 60)
            return False

        done = await wait_for(presenter, counted_all, timeout=10)
        await presenter.close()
    assert done["result"]["tally"]["distinct"] == 180  # every word is counted...
    shown = done["result"]["tally"]["words"]
    assert 0 < len(shown) < 180  # ...but a push carries only what its budget holds
    assert max(pushes) <= PUSH_TEXT_BYTES + 16_000  # the text budget plus the message around it


async def test_no_stored_text_breaks_an_export_and_every_stored_word_can_be_hidden(
    client: httpx.AsyncClient, app: Any
) -> None:
    """Answers stored before today's caps (written straight into the database here, as the API
    refuses them now) still export: the PDF, XLSX and CSV of the room and the presentation."""
    ada = await new_organiser(client)
    words, room = await _room(ada, WORDS)
    phones = [await join(client, room["join_code"]) for _ in range(3)]
    legal = ["😀" * 60, "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalterin"[:60]]
    for phone, entry in zip(phones, [legal[0], legal[1], "placeholder"], strict=True):
        r = await phone.client.post(
            f"/api/join/{room['join_code']}/responses",
            json={"question_id": words["id"], "entries": [entry]},
            headers=phone.headers,
        )
        assert r.status_code == 201, r.text
    async with app.state.context.sessionmaker() as session, session.begin():
        await session.execute(
            update(Response)
            .where(col(Response.participant_id) == phones[2].participant_id)
            .values(answer={"entries": [HUGE, "\u1100" * 5000]})
        )
    for scope in (f"/api/rooms/{room['id']}", f"/api/presentations/{room['presentation_id']}"):
        for fmt in ("pdf", "xlsx", "csv"):
            r = await client.get(f"{scope}/export.{fmt}", headers=ada.headers)
            assert r.status_code == 200, (fmt, r.text[:300])
            if fmt == "pdf":
                assert len(PdfReader(io.BytesIO(r.content)).pages) >= 1
            elif fmt == "xlsx":
                load_workbook(io.BytesIO(r.content))
    # Every word a participant can store can be hidden by the presenter (the longest included).
    for word in legal:
        r = await ada.post(f"/api/rooms/{room['id']}/questions/{words['id']}/hidden-words", {"word": word})
        assert r.status_code in (200, 201), r.text
