"""Every question type exports in every format: types without their own renderers go through the
fallback (answers as JSON text), so a new type never breaks an organiser's download."""

import csv
import io
import json
from typing import Any

import httpx
import pytest

from poll_service.exports.renderers import RENDERERS
from poll_service.question_types.registry import QUESTION_TYPES
from tests.exports.support import build_event, pdf_pages, squash
from tests.helpers import join

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

# Answers that also try the exports' escaping (a formula for a spreadsheet, markup for the page);
# every other type answers with its first example answer (question_types/registry.py).
ESCAPING = {
    "word_cloud": {"entries": ["=gezellig", "ĳs"]},
    "open_text": {"text": "+Meer bankjes bij het café, graag! <b>nu</b>"},
}


def _answer(kind: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    return ESCAPING.get(kind) or QUESTION_TYPES[kind].examples.valid(options)[0]


async def test_every_question_type_exports_in_every_format(client: httpx.AsyncClient) -> None:
    event = await build_event(client, [], room_names=[])
    pid = event.presentation["id"]
    kinds = sorted(QUESTION_TYPES)
    for kind in kinds:
        body = {"type": kind, "prompt": f"Vraag over {kind}", **QUESTION_TYPES[kind].examples.create}
        r = await event.organiser.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, (kind, r.text)
    presentation = (await event.get(f"/api/presentations/{pid}")).json()
    room = (await event.organiser.post(f"/api/presentations/{pid}/rooms", {"name": "Zaal"})).json()
    phone = await join(client, room["join_code"])
    answered = [q for q in presentation["questions"] if QUESTION_TYPES[q["type"]].answered]
    for question in presentation["questions"]:
        r = await event.organiser.control(room["id"], "goto", question_id=question["id"])
        assert r.status_code == 200, r.text
        if question not in answered:
            continue  # a content slide, the Q&A item: the PDF shows it, nothing to answer
        answer = {"question_id": question["id"], **_answer(question["type"], question["options"])}
        r = await client.post(f"/api/join/{room['join_code']}/responses", json=answer, headers=phone.headers)
        assert r.status_code == 201, (question["type"], r.text)

    for base in (f"/api/rooms/{room['id']}", f"/api/presentations/{pid}"):
        files = {fmt: await event.get(f"{base}/export.{fmt}") for fmt in ("pdf", "csv", "xlsx")}
        assert all(r.status_code == 200 for r in files.values()), {k: r.text[:200] for k, r in files.items()}
        text = squash("".join(pdf_pages(files["pdf"].content)))
        rows = list(csv.reader(io.StringIO(files["csv"].content.decode("utf-8-sig"))))[1:]
        assert len(rows) == len(answered)
        for question in presentation["questions"]:
            assert squash(question["prompt"]) in text
        for question, row in zip(answered, rows, strict=True):
            assert row[2] == question["prompt"]
            assert row[4]  # the answer as text, never lost
            if question["type"] not in RENDERERS:
                assert json.loads(row[4])  # a type without renderers: the answer as JSON text

    share = (await client.post(f"/api/rooms/{room['id']}/share", headers=event.organiser.headers)).json()
    page = await client.get(f"/results/{share['token']}")
    assert page.status_code == 200 and "<b>nu" not in page.text
