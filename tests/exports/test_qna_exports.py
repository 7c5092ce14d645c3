"""The audience Q&A and moderation in the exports: the CSV and XLSX keep every question and answer
with its status; the PDF lists the approved questions and counts only visible answers."""

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.helpers import join
from tests.qna_support import ask, qna_room, upvote

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

WORDS = {"type": "word_cloud", "prompt": "One word?", "settings": {"moderation": "filter"}}


async def test_qna_and_moderation_in_every_export(client: httpx.AsyncClient) -> None:
    ada, presentation, room = await qna_room(client, [WORDS], moderation="filter")
    question = presentation["questions"][0]
    one, two, three = [await join(client, room["join_code"]) for _ in range(3)]
    top = (await ask(one, "=HYPERLINK(evil) When do we eat?", name="Ann")).json()
    other = (await ask(two, "Is there parking?")).json()
    hidden = (await ask(three, "This is sh1t")).json()
    assert hidden["status"] == "hidden"
    await upvote(two, top["id"])
    await upvote(three, top["id"])
    await client.patch(
        f"/api/rooms/{room['id']}/qna/{other['id']}", json={"answered": True}, headers=ada.headers
    )
    for phone, entries in ((one, ["koffie"]), (two, ["koffie", "thee"]), (three, ["fцck"])):
        r = await client.post(
            f"/api/join/{room['join_code']}/responses",
            json={"question_id": question["id"], "entries": entries},
            headers=phone.headers,
        )
        assert r.status_code == 201
    await client.post(
        f"/api/rooms/{room['id']}/questions/{question['id']}/hidden-words",
        json={"word": "thee"},
        headers=ada.headers,
    )

    rows = list(
        csv.reader(
            io.StringIO(
                (await client.get(f"/api/rooms/{room['id']}/export.csv", headers=ada.headers)).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    header, body = rows[0], rows[1:]
    assert header[6:9] == ["status", "upvotes", "answered"]  # the quiz's columns follow
    answers = [r for r in body if r[1] == "1"]
    assert sorted(r[6] for r in answers) == ["hidden", "visible", "visible"]
    qna = [r for r in body if r[1] == "Q&A"]
    # Most upvoted first, then oldest first; every one listed, with its status.
    assert [(r[3], r[4], r[6], r[7], r[8]) for r in qna] == [
        ("Ann", "'=HYPERLINK(evil) When do we eat?", "visible", "2", "no"),  # never a formula
        ("", "Is there parking?", "visible", "0", "yes"),
        ("", "This is sh1t", "hidden", "0", "no"),
    ]
    assert all(not r[3].startswith("P-") for r in qna)  # a signed question is never tied to a pseudonym

    book = load_workbook(
        io.BytesIO((await client.get(f"/api/rooms/{room['id']}/export.xlsx", headers=ada.headers)).content)
    )
    assert "Q&A" in book.sheetnames
    sheet = [list(r) for r in book["Q&A"].iter_rows(values_only=True)]
    assert sheet[0] == [
        "Room", "Question", "Name", "Upvotes", "Answered", "Status", "Asked at (Europe/Amsterdam)",
        "Asked at (ISO 8601, with UTC offset)",
    ]  # fmt: skip
    assert sorted(r[5] for r in sheet[1:]) == ["hidden", "visible", "visible"]
    responses = [list(r) for r in book["Responses"].iter_rows(values_only=True)]
    assert responses[0][6] == "Status" and sorted(r[6] for r in responses[1:]) == [
        "hidden",
        "visible",
        "visible",
    ]
    cloud = [list(r) for r in book[book.sheetnames[-1]].iter_rows(values_only=True)]
    words = {r[0]: r[1] for r in cloud if r and isinstance(r[1], int)}
    assert words.get("koffie") == 2 and "thee" not in words and "fцck" not in words

    pdf = PdfReader(
        io.BytesIO((await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=ada.headers)).content)
    )
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Audience Q&A" in text
    assert "When do we eat?" in text and "(Ann)" in text and "Is there parking?" in text
    assert "sh1t" not in text and "fцck" not in text
    assert "2 questions shown; 1 held back or hidden" in text

    results = (await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 2
