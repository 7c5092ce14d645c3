"""Every registered question type lives the same life, on SQLite and PostgreSQL: created from
`{type, prompt}` (plus its example options) with its defaults, every invalid answer a clear 422,
its valid answers accepted, the live tally equal to a recount from the database, and the question
in the results JSON, the PDF, the XLSX and the CSV. A new type is tested by registering it
(question_types/registry.py) with its examples."""

import csv
import io
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from pypdf import PdfReader

from poll_service.question_types.base import QuestionType
from poll_service.question_types.registry import TYPES
from tests.helpers import Organiser, join, new_organiser


async def _question(ada: Organiser, qtype: QuestionType) -> tuple[str, dict[str, Any]]:
    r = await ada.post("/api/presentations", {"title": f"Conformance: {qtype.name}"})
    assert r.status_code == 201, r.text
    presentation_id = r.json()["id"]
    prompt = f"What do you say, {qtype.name.replace('_', ' ')}?"
    body = {"type": qtype.name, "prompt": prompt, **qtype.examples.create}
    r = await ada.post(f"/api/presentations/{presentation_id}/questions", body)
    assert r.status_code == 201, r.text
    return presentation_id, r.json()


@pytest.mark.parametrize("qtype", TYPES, ids=[t.name for t in TYPES])
async def test_every_type_lives_the_same_life(
    qtype: QuestionType, app: FastAPI, client: httpx.AsyncClient
) -> None:
    ada = await new_organiser(client)
    presentation_id, question = await _question(ada, qtype)
    options = question["options"]
    # The type's defaults, for what its example does not set (a typed answer needs its answers).
    assert question["settings"] == qtype.clean_settings(qtype.examples.create.get("settings"), options)
    room = await ada.room(presentation_id)
    url = f"/api/join/{room['join_code']}/responses"

    if not qtype.answered:
        await _takes_no_answers(ada, client, room, question)
        return

    refused = await join(client, room["join_code"])
    for bad in qtype.examples.invalid(options):
        body = {"question_id": question["id"], **bad} if isinstance(bad, dict) else bad
        r = await client.post(url, json=body, headers=refused.headers)
        assert r.status_code == 422, (bad, r.status_code, r.text)
        detail = r.json()["detail"]
        assert isinstance(detail, str) and detail, (bad, r.text)
    assert (await refused.state())["my_response"] is None  # nothing of them was stored

    valid = qtype.examples.valid(options)
    assert valid, f"{qtype.name} registers no valid example answers"
    for answer in valid:
        phone = await join(client, room["join_code"])
        r = await client.post(url, json={"question_id": question["id"], **answer}, headers=phone.headers)
        assert r.status_code == 201, (answer, r.text)
        assert (await phone.state())["my_response"]["question_id"] == question["id"]

    # The live tally (what screens are pushed) equals a recount of the stored answers.
    r = await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)
    assert r.status_code == 200, r.text
    [recounted] = [q for q in r.json()["questions"] if q["question_id"] == question["id"]]
    assert recounted["response_count"] == len(valid)
    live = app.state.context.rooms.loaded(room["id"])
    assert live.question_result(live.questions[question["id"]])["tally"] == recounted["tally"]

    # Every export names the question and holds every answer.
    r = await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=ada.headers)
    assert r.status_code == 200, r.text
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert question["prompt"] in " ".join(text.split())
    r = await client.get(f"/api/rooms/{room['id']}/export.xlsx", headers=ada.headers)
    assert r.status_code == 200, r.text
    book = load_workbook(io.BytesIO(r.content), read_only=True)
    cells = [
        str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    assert any(question["prompt"] in c for c in cells)
    r = await client.get(f"/api/rooms/{room['id']}/export.csv", headers=ada.headers)
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert sum(1 for row in rows[1:] if question["prompt"] in row) == len(valid)


async def _takes_no_answers(
    ada: Organiser, client: httpx.AsyncClient, room: dict[str, Any], question: dict[str, Any]
) -> None:
    """An item shown only (a content slide, the Q&A): on screen with voting closed, a vote to it a
    409 that stores nothing, an empty tally, and in the PDF (between the questions) but in no
    spreadsheet or CSV row."""
    assert room["current_question_id"] == question["id"]  # reached with "next" from the lobby
    assert room["voting_open"] is False  # nothing to vote on
    r = await ada.post(f"/api/rooms/{room['id']}/control", {"action": "open_voting"})
    assert r.status_code == 409, r.text
    phone = await join(client, room["join_code"])
    assert (await phone.state())["question"]["id"] == question["id"]
    url = f"/api/join/{room['join_code']}/responses"
    for body in ({"question_id": question["id"]}, {"question_id": question["id"], "choice_ids": ["x"]}):
        r = await client.post(url, json=body, headers=phone.headers)
        assert r.status_code == 409, r.text
        assert "takes no answers" in r.json()["detail"]
    assert (await phone.state())["my_response"] is None
    r = await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)
    [result] = [q for q in r.json()["questions"] if q["question_id"] == question["id"]]
    assert result["response_count"] == 0 and result["tally"] == {}
    r = await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=ada.headers)
    assert r.status_code == 200, r.text
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages).split())
    assert question["prompt"] in text
    r = await client.get(f"/api/rooms/{room['id']}/export.pdf?slides=false", headers=ada.headers)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages).split())
    assert question["prompt"] not in text
    r = await client.get(f"/api/rooms/{room['id']}/export.xlsx", headers=ada.headers)
    book = load_workbook(io.BytesIO(r.content), read_only=True)
    assert not any(question["prompt"] in (sheet.title or "") for sheet in book.worksheets)
