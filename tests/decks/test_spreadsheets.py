"""Questions from a spreadsheet (CSV and XLSX, one question per row), on SQLite and PostgreSQL:
every type, Dutch-Excel semicolons, a header row; a refusal names the row and the column and
stores nothing."""

import base64
import io
import zipfile
from typing import Any

import httpx
import pytest
from openpyxl import Workbook

from tests.helpers import Organiser, new_organiser

SHEET = [
    ["type", "question", "option 1", "option 2", "option 3"],
    ["multiple_choice", "Lunch?", "Pizza", "Soup"],
    ["Quiz", "Capital of the Netherlands?", "*Amsterdam", "Rotterdam", "Utrecht"],
    ["word cloud", "One word?"],
    ["open_text", "Anything else?"],
    ["scale", "Rate the day", "Food", "Talks"],
    ["ranking", "Order these", "Tea", "Coffee", "Water"],
    ["points", "Share 100 points", "Red", "Blue"],
    ["Pin on image", "Where do you sit?"],  # named as the editor names it; the picture comes later
    [],
    ["multiple_choice", "Which year?", 2026, 2027],
]
EXPECTED = [
    ("multiple_choice", "Lunch?", ["Pizza", "Soup"]),
    ("quiz", "Capital of the Netherlands?", ["Amsterdam", "Rotterdam", "Utrecht"]),
    ("word_cloud", "One word?", []),
    ("open_text", "Anything else?", []),
    ("scale", "Rate the day", ["Food", "Talks"]),
    ("ranking", "Order these", ["Tea", "Coffee", "Water"]),
    ("points", "Share 100 points", ["Red", "Blue"]),
    ("pin_image", "Where do you sit?", []),
    ("multiple_choice", "Which year?", ["2026", "2027"]),
]


def _csv(rows: list[list[Any]], separator: str = ",") -> bytes:
    return "\n".join(separator.join(str(c) for c in row) for row in rows).encode("utf-8-sig")


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _upload(ada: Organiser, presentation_id: str, data: bytes, fmt: str) -> httpx.Response:
    body = {"format": fmt, "content_base64": base64.b64encode(data).decode()}
    return await ada.post(f"/api/presentations/{presentation_id}/questions/import", body)


def _questions(presentation: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [(q["type"], q["prompt"], [o["label"] for o in q["options"]]) for q in presentation["questions"]]


# Named ids: an XLSX file carries the second it was made, so ids made from its bytes differed
# between pytest-xdist workers that built it in different seconds.
@pytest.mark.parametrize(
    ("fmt", "data"),
    [("xlsx", _xlsx(SHEET)), ("csv", _csv(SHEET)), ("csv", _csv(SHEET, ";"))],
    ids=["xlsx", "csv-comma", "csv-semicolon"],
)
async def test_every_type_from_a_spreadsheet(client: httpx.AsyncClient, fmt: str, data: bytes) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    r = await _upload(ada, presentation["id"], data, fmt)
    assert r.status_code == 201, r.text
    imported = r.json()
    # After the question it had, in the file's order, each with its type's defaults.
    assert _questions(imported) == [_questions(presentation)[0], *EXPECTED]
    quiz = imported["questions"][2]
    assert [o.get("correct", False) for o in quiz["options"]] == [True, False, False]
    again = (await client.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()
    assert again == imported


def _bad_row(row: list[Any]) -> list[list[Any]]:
    return [SHEET[0], SHEET[1], row]


REFUSED: list[tuple[str, bytes, str, str]] = [
    (
        "unknown type",
        _csv(_bad_row(["poll", "Hi?", "a", "b"])),
        "csv",
        "row 3, column A (type): unknown question type",
    ),
    (
        "no question",
        _xlsx(_bad_row(["word_cloud", None])),
        "xlsx",
        "row 3, column B (question): the question is empty",
    ),
    (
        "one option",
        _xlsx(_bad_row(["ranking", "Order?", "Tea"])),
        "xlsx",
        "row 3, columns C to C (options): a ranking question needs 2 to 10 options, got 1",
    ),
    (
        "a long option",
        _csv(_bad_row(["points", "P?", "a", "b" * 201])),
        "csv",
        "row 3, column D: at most 200 characters",
    ),
    (
        "a gap",
        _csv(_bad_row(["points", "P?", "a", "", "c"])),
        "csv",
        "row 3, column D: an empty option between options",
    ),
    (
        "options on a word cloud",
        _csv(_bad_row(["word_cloud", "W?", "a"])),
        "csv",
        "row 3, columns C to C (options)",
    ),
    (
        "too many rows",
        _csv([["word_cloud", f"Q{n}?"] for n in range(201)]),
        "csv",
        "row 201: a presentation holds at most",
    ),
    ("not UTF-8", "multiple_choice,Café?,a,b".encode("cp1252"), "csv", "the CSV file is not UTF-8"),
    ("not a zip", b"PK\x03\x04 not really", "xlsx", "not an XLSX file"),
    ("a zip that is no workbook", b"", "xlsx", "not a readable XLSX file"),
    ("empty", b"type,question\n", "csv", "the file has no questions"),
]


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(("data", "fmt", "detail"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
async def test_a_bad_spreadsheet_is_refused_naming_row_and_column(
    client: httpx.AsyncClient, data: bytes, fmt: str, detail: str
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=1)
    r = await _upload(ada, presentation["id"], data or _zip_without_workbook(), fmt)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(detail), r.json()
    after = (await client.get(f"/api/presentations/{presentation['id']}", headers=ada.headers)).json()
    assert after == presentation  # nothing of the file was stored


async def test_a_zip_bomb_is_refused_before_it_is_unpacked(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (17 * 1024 * 1024))
    assert len(out.getvalue()) < 60_000  # it fits in a request; unpacked it would not fit anywhere
    r = await _upload(ada, presentation["id"], out.getvalue(), "xlsx")
    assert r.status_code == 422 and "unpacks to more than" in r.json()["detail"]


async def test_not_base64_and_someone_elses_presentation(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation()
    r = await ada.post(
        f"/api/presentations/{presentation['id']}/questions/import",
        {"format": "csv", "content_base64": "%%%"},
    )
    assert r.status_code == 422 and r.json()["detail"] == "content_base64: not base64"
    bob = await new_organiser(client, "Bob")
    r = await _upload(bob, presentation["id"], _csv(SHEET), "csv")
    assert r.status_code == 404


async def test_types_named_as_the_editor_names_them_in_either_language(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = (await ada.post("/api/presentations", {"title": "Teamdag", "language": "nl"})).json()
    rows: list[list[Any]] = [
        ["Soort", "Vraag"],
        ["Meerkeuze", "Lunch?", "Pizza", "Soep"],
        ["woordwolk", "Eén woord?"],
        ["Punten  verdelen", "Verdeel 100 punten", "Rood", "Blauw"],
        ["Open question", "Nog iets?"],
        ["multiple-choice", "Koffie?", "Ja", "Nee"],
    ]
    r = await _upload(ada, presentation["id"], _csv(rows, ";"), "csv")
    assert r.status_code == 201, r.text
    assert [q["type"] for q in r.json()["questions"]] == [
        "multiple_choice",
        "word_cloud",
        "points",
        "open_text",
        "multiple_choice",
    ]


async def test_a_full_workbook_of_two_hundred_questions(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = (await ada.post("/api/presentations", {"title": "Big"})).json()
    rows: list[list[Any]] = [
        ["scale", f"Statement set {n}?", *[f"Item {i}" for i in range(20)]] for n in range(200)
    ]
    data = _xlsx(rows)
    assert len(data) < 48_000  # fits the default body limit once in base64
    r = await _upload(ada, presentation["id"], data, "xlsx")
    assert r.status_code == 201, r.text
    questions = r.json()["questions"]
    assert len(questions) == 200 and questions[-1]["prompt"] == "Statement set 199?"
    assert [o["label"] for o in questions[0]["options"]] == [f"Item {i}" for i in range(20)]
    # A presentation holds at most 200: one more row is refused, naming the limit.
    r = await _upload(ada, presentation["id"], _csv([["word_cloud", "One more?"]]), "csv")
    assert r.status_code == 409 and "at most 200 questions" in r.json()["detail"]
