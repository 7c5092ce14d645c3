"""word_cloud, open_text, scale, ranking and points in every export, read back and compared with
GET /api/rooms/{rid}/results (and with numbers worked out by hand from the answers sent): the PDF's
text, its rendered pages, the CSV and XLSX cells, the shared page and its JSON."""

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from markupsafe import escape
from openpyxl import load_workbook

from poll_service.exports.labels import Labels
from poll_service.text import fold_key
from tests.exports.support import (
    Event,
    TypedSpec,
    build_typed_event,
    colour_share,
    ink_share,
    mean_text,
    need_dejavu,
    pdf_pages,
    render_pages,
    sections,
    squash,
)

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

NL = Labels("nl")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LONG_TEXT = (
    "Een watertappunt bij de speeltuin zou fijn zijn voor kinderen en ouders die daar de hele middag "
    "zitten. Ook een paar bomen extra voor schaduw, want in de zomer is het er veel te heet \u2013 en "
    "\u2019s avonds mag de verlichting rond het café Zoë wel wat beter, zodat ouderen zich veilig voelen. "
) * 3

WORDS_SENT = [
    (0, {"entries": ["Bibliotheek", "groen", "<b>vet</b>"]}),
    (1, {"entries": ["=SUM(1)", "bibliotheek "]}),
    (2, {"entries": ["BIBLIOTHEEK", "ĳsbaan"]}),
    (0, {"entries": ["groen"]}),  # a second submission of the same phone
    (3, {"entries": ["café", "-min"]}),
    (4, {"entries": ["Café"]}),
]
# Keys are folded (NFKC, casefold): the ĳ ligature becomes "ij".
WORD_COUNTS = {
    "bibliotheek": 3,
    "groen": 2,
    "café": 2,
    "<b>vet</b>": 1,
    "=sum(1)": 1,
    "ijsbaan": 1,
    "-min": 1,
}
TEXTS_SENT = [
    "Meer bankjes bij het café.\nEn schaduw!",
    '<script>alert(1)</script> & <b>vet</b> <img src="http://127.0.0.1:9/x.png"/>',
    "+31 6 1234 5678 bellen",
    LONG_TEXT.strip(),
    "@iedereen: tot de volgende keer",
]
STATEMENTS = ["=De wijk is veilig", "Er is genoeg groen", "Het café <b>De Ĳsbaan</b> is te duur"]
RATINGS = [{0: 6, 1: 2, 2: 7}, {0: 5, 1: None, 2: 7}, {0: 7, 1: 3, 2: 1}, {0: 2, 1: None, 2: 4}]
# Worked out by hand (a 7-step scale: 6 and 7 only count when the report passes the settings).
SCALE_EXPECTED = [
    ([0, 1, 0, 0, 1, 1, 1], 4, "5,00", 0),
    ([0, 1, 1, 0, 0, 0, 0], 2, "2,50", 2),
    ([1, 0, 0, 1, 0, 0, 2], 4, "4,75", 0),
]
ITEMS = ["Speeltuin", "Bankjes", "-Fietspad", "Ĳsbaan <i>winter</i>"]
ORDERS = [[2, 0, 1, 3], [0, 2, 3, 1], [2, 1, 0, 3], [3, 2, 0, 1], [0, 2, 3, 1]]
POINTS_ITEMS = ["Groen", "Verlichting", "@Speeltuin", "Evenementen"]
POINTS_SENT = [{0: 60, 1: 40}, {2: 100}, {0: 10, 1: 20, 2: 30, 3: 40}, {0: 1}]


def specs() -> list[TypedSpec]:
    return [
        TypedSpec(
            "word_cloud",
            "Welk woord past bij de wijk? <b>Eén</b> woord & niet meer",
            settings={"multiple_submissions": True, "max_submissions": 3},
            answers=[WORDS_SENT],
        ),
        TypedSpec(
            "open_text",
            "Wat wilt u nog kwijt over het plein?",
            settings={"max_length": 1000},
            answers=[[(i, {"text": t}) for i, t in enumerate(TEXTS_SENT)]],
        ),
        TypedSpec(
            "scale",
            "Hoe eens bent u het met deze stellingen?",
            STATEMENTS,
            settings={"steps": 7, "min_label": "helemaal oneens", "max_label": "helemaal eens"},
            answers=[[(i, {"ratings": r}) for i, r in enumerate(RATINGS)]],
        ),
        TypedSpec(
            "ranking",
            "Rangschik de plannen voor 2027",
            ITEMS,
            answers=[[(i, {"order": o}) for i, o in enumerate(ORDERS)]],
        ),
        TypedSpec(
            "points",
            "Verdeel 100 punten over de budgetposten",
            POINTS_ITEMS,
            answers=[[(i, {"points": p}) for i, p in enumerate(POINTS_SENT)]],
        ),
        # Nobody answers these.
        TypedSpec("word_cloud", "Wolk zonder woorden?", answers=[[]]),
        TypedSpec("open_text", "Open vraag zonder antwoorden?", answers=[[]]),
        TypedSpec("scale", "Schaal zonder antwoorden?", ["Stelling A", "Stelling B"], answers=[[]]),
        TypedSpec("ranking", "Rangschikking zonder antwoorden?", ["X", "Y", "Z"], answers=[[]]),
        TypedSpec("points", "Punten zonder antwoorden?", ["P", "Q"], answers=[[]]),
    ]


def ranked(question: dict[str, Any], tally: dict[str, Any]) -> list[tuple[int | None, dict[str, Any]]]:
    """(position, item) as the exports list them: 1, 2, 2, 4 (the same points share a position),
    best first; before any ranking, in the question's order without positions."""
    items = tally["items"]
    if not tally["votes"]:
        ids = [o["id"] for o in question["options"]]
        return [(None, i) for i in sorted(items, key=lambda i: ids.index(i["option_id"]))]
    out: list[tuple[int | None, dict[str, Any]]] = []
    for i, item in enumerate(items):
        same = i and item["points"] == items[i - 1]["points"]
        out.append((out[-1][0] if same else i + 1, item))
    return out


def borda(orders: list[list[int]], n: int) -> dict[int, tuple[int, float]]:
    """(points, average rank) per item index."""
    rank_sum = dict.fromkeys(range(n), 0)
    for order in orders:
        for rank, item in enumerate(order, start=1):
            rank_sum[item] += rank
    return {i: ((n + 1) * len(orders) - s, round(s / len(orders), 2)) for i, s in rank_sum.items()}


# --- checks, per type, of one piece of PDF text against one result -----------------------------------


def check_pdf_section(question: dict[str, Any], result: dict[str, Any], section: str) -> None:
    tally = result["tally"]
    kind = question["type"]
    assert squash(NL.responses(result["response_count"])) in section
    if result["response_count"] == 0:
        assert "Geenantwoordenopdezevraag." in section, question["prompt"]
    if kind == "word_cloud":
        for rank, word in enumerate(tally["words"], start=1):
            assert f"{rank}{squash(word['text'])}{word['count']}" in section, word
        if tally["words"]:
            assert f"{tally['distinct']}verschillendewoorden" in section
    elif kind == "open_text":
        at = 0
        for answer in tally["answers"]:
            at = section.index(squash(answer), at) + 1  # every answer, newest first
    elif kind == "scale":
        steps = tally["steps"]
        for option in question["options"]:
            entry = tally["statements"][option["id"]]
            expected = (
                squash(option["label"])
                + "".join(str(i) for i in range(1, steps + 1))
                + "".join(str(c) for c in entry["distribution"])
                + mean_text(entry["mean"])
                + f"n={entry['count']}"
                + (f"·{entry['skipped']}overgeslagen" if entry["skipped"] else "")
            )
            assert expected in section, expected
    elif kind == "ranking":
        labels = {o["id"]: o["label"] for o in question["options"]}
        for position, item in ranked(question, tally):
            label = squash(labels[item["option_id"]])
            shown = "\u2013" if position is None else position
            expected = f"{shown}{label}{mean_text(item['average_rank'])}{item['points']}"
            assert expected in section, expected
        assert f"Punten:{len(question['options'])}vooreeneersteplaats" in section
    elif kind == "points":
        given = sum(tally["totals"].values())
        for option in question["options"]:
            points = tally["totals"][option["id"]]
            share = round(100 * points / given) if given else 0
            assert f"{squash(option['label'])}{NL.number(points)}·{share}%" in section
        if given:
            assert f"Gegevenpunten{NL.number(given)}·100%" in section


async def test_room_pdf_shows_every_type_with_its_numbers(client: httpx.AsyncClient, tmp_path: Path) -> None:
    need_dejavu()
    event = await build_typed_event(client, specs(), room_names=["Zaal “Noord”"])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    assert r.status_code == 200, r.text
    pages = pdf_pages(r.content)
    text = squash("".join(pages))
    results = await event.results()
    pieces = sections(text, event.questions)
    for question, result, piece in zip(event.questions, results["questions"], pieces, strict=True):
        assert result["type"] == question["type"]
        check_pdf_section(question, result, piece)

    # The results API agrees with the answers as sent, worked out by hand.
    cloud, texts, scale, ranking, points = (q["tally"] for q in results["questions"][:5])
    assert {w["key"]: w["count"] for w in cloud["words"]} == WORD_COUNTS
    assert texts["answers"] == TEXTS_SENT[::-1] and texts["count"] == len(TEXTS_SENT)
    assert scale["steps"] == 7
    statements = [scale["statements"][o["id"]] for o in event.questions[2]["options"]]
    for entry, (distribution, count, mean, skipped) in zip(statements, SCALE_EXPECTED, strict=True):
        assert (entry["distribution"], entry["count"], mean_text(entry["mean"]), entry["skipped"]) == (
            distribution,
            count,
            mean,
            skipped,
        )
    by_hand = borda(ORDERS, len(ITEMS))
    ids = [o["id"] for o in event.questions[3]["options"]]
    assert {ids.index(i["option_id"]): (i["points"], i["average_rank"]) for i in ranking["items"]} == by_hand
    assert [ids.index(i["option_id"]) for i in ranking["items"]] == [2, 0, 3, 1]
    assert list(points["totals"].values()) == [71, 60, 130, 40]

    # Participant and organiser text is shown as typed, never read as markup.
    assert squash('<script>alert(1)</script> & <b>vet</b> <img src="http://127.0.0.1:9/x.png"/>') in text
    assert squash("Het café <b>De Ĳsbaan</b> is te duur") in text
    assert "1=helemaaloneens" in text and "7=helemaaleens" in text  # the scale's end labels
    assert "schaal1\u20137" in text

    # Not blank: every page carries ink, and the word cloud's page carries colour.
    images = render_pages(r.content, tmp_path)
    assert len(images) == len(pages)
    assert all(ink_share(p) > 0.005 for p in images), [ink_share(p) for p in images]
    cloud_page = next(
        i for i, page in enumerate(pages) if squash(event.questions[0]["prompt"]) in squash(page)
    )
    assert colour_share(images[cloud_page]) > 0.004, colour_share(images[cloud_page])


# --- CSV / XLSX ------------------------------------------------------------------------------------


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def tally_from_cells(question: dict[str, Any], cells: list[str]) -> dict[str, Any]:
    """A question's tally rebuilt from its CSV/XLSX answer cells alone."""
    kind = question["type"]
    by_label = {o["label"]: o["id"] for o in question["options"]}
    answers = [unneutralise(c) for c in cells]
    if kind == "word_cloud":
        counts = Counter(fold_key(word) for a in answers for word in a.split("; "))
        return {"words": dict(counts)}
    if kind == "open_text":
        return {"answers": Counter(answers)}
    if kind == "scale":
        steps = int(question["settings"]["steps"])
        distribution = {i: [0] * steps for i in by_label.values()}
        skipped = dict.fromkeys(by_label.values(), 0)
        for a in answers:
            for part in a.split("; "):
                label, value = part.rsplit(": ", 1)
                if value == "overgeslagen":
                    skipped[by_label[label]] += 1
                else:
                    distribution[by_label[label]][int(value) - 1] += 1
        return {"distribution": distribution, "skipped": skipped}
    if kind == "ranking":
        n = len(by_label)
        rank_sum = dict.fromkeys(by_label.values(), 0)
        for a in answers:
            for rank, part in enumerate(a.split("; "), start=1):
                number, label = part.split(". ", 1)
                assert int(number) == rank
                rank_sum[by_label[label]] += rank
        return {k: (n + 1) * len(answers) - s for k, s in rank_sum.items()}
    if kind == "points":
        totals = dict.fromkeys(by_label.values(), 0)
        for a in answers:
            for part in a.split("; "):
                label, value = part.rsplit(": ", 1)
                totals[by_label[label]] += int(value)
        return totals
    raise AssertionError(kind)


def expected_from_results(question: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    tally = result["tally"]
    kind = question["type"]
    if kind == "word_cloud":
        return {"words": {w["key"]: w["count"] for w in tally["words"]}}
    if kind == "open_text":
        return {"answers": Counter(tally["answers"])}
    if kind == "scale":
        statements = tally["statements"]
        return {
            "distribution": {k: v["distribution"] for k, v in statements.items()},
            "skipped": {k: v["skipped"] for k, v in statements.items()},
        }
    if kind == "ranking":
        return {i["option_id"]: i["points"] for i in tally["items"]}
    return dict(tally["totals"])


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline="")))


async def check_answer_cells(event: Event, rows: list[list[Any]]) -> None:
    results = await event.results()
    for number, (question, result) in enumerate(zip(event.questions, results["questions"], strict=True), 1):
        cells = [str(r[4]) for r in rows if int(r[1]) == number]
        assert len(cells) == result["response_count"], question["prompt"]
        if question["type"] == "scale":
            assert result["tally"]["steps"] == 7 or not cells
        assert tally_from_cells(question, cells) == expected_from_results(question, result), question["type"]


async def test_csv_answer_cells_rebuild_the_results(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, specs())
    rows = read_csv((await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.csv")).content)[1:]
    await check_answer_cells(event, rows)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    answers = {row[4] for row in rows}
    assert "'=SUM(1); bibliotheek" in answers  # the word cloud's words, joined by "; "
    assert "'+31 6 1234 5678 bellen" in answers and "'@iedereen: tot de volgende keer" in answers
    assert "Meer bankjes bij het café.\nEn schaduw!" in answers  # line breaks kept in the cell
    assert "'=De wijk is veilig: 6; Er is genoeg groen: 2; Het café <b>De Ĳsbaan</b> is te duur: 7" in answers
    assert (
        "'=De wijk is veilig: 5; Er is genoeg groen: overgeslagen; Het café <b>De Ĳsbaan</b> is te duur: 7"
        in (answers)
    )
    assert "1. -Fietspad; 2. Speeltuin; 3. Bankjes; 4. Ĳsbaan <i>winter</i>" in answers
    assert "'@Speeltuin: 100" in answers and "Groen: 60; Verlichting: 40" in answers


async def test_xlsx_rows_and_summary_sheets_match_the_results(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, specs())
    book = load_workbook(
        io.BytesIO((await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.xlsx")).content)
    )
    rows = [list(r) for r in book["Antwoorden"].iter_rows(values_only=True)][1:]
    await check_answer_cells(event, rows)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.value)

    results = await event.results()
    sheets = zip(book.sheetnames[1:], event.questions, results["questions"], strict=True)
    for number, (name, question, result) in enumerate(sheets, start=1):
        assert name.startswith(f"V{number} ")
        summary = [list(row) for row in book[name].iter_rows(values_only=True)]
        assert summary[0][0] == f"Vraag {number}: {question['prompt']}"
        assert summary[1][0] == NL.responses(result["response_count"])
        check_summary(question, result, summary)


def table_after(summary: list[list[Any]], header: list[str]) -> list[list[Any]]:
    at = next(i for i, row in enumerate(summary) if row[: len(header)] == header)
    return summary[at + 1 :]


def cell_text(label: str) -> str:
    return "'" + label if label.startswith(FORMULA_STARTS) else label


def check_summary(question: dict[str, Any], result: dict[str, Any], summary: list[list[Any]]) -> None:
    tally = result["tally"]
    kind = question["type"]
    if kind == "word_cloud":
        table = table_after(summary, ["Woord", "Aantal"])
        assert [r[:2] for r in table[:-1]] == [[cell_text(w["text"]), w["count"]] for w in tally["words"]]
        assert table[-1][:2] == ["Antwoorden", result["response_count"]]
    elif kind == "open_text":
        table = table_after(summary, ["Antwoord"])
        assert Counter(unneutralise(r[0]) for r in table) == Counter(tally["answers"])
        assert [unneutralise(r[0]) for r in table] == tally["answers"]  # newest first
    elif kind == "scale":
        steps = tally["steps"]
        heads = [str(i) for i in range(1, steps + 1)]
        if question["settings"].get("min_label"):
            heads[0] = f"1 ({question['settings']['min_label']})"
            heads[-1] = f"{steps} ({question['settings']['max_label']})"
        table = table_after(summary, ["Stelling", "Aantal", "Gemiddelde", "Overgeslagen", *heads])
        for option, row in zip(question["options"], table, strict=True):
            entry = tally["statements"][option["id"]]
            assert row == [
                cell_text(option["label"]),
                entry["count"],
                entry["mean"],
                entry["skipped"],
                *entry["distribution"],
            ]
    elif kind == "ranking":
        labels = {o["id"]: o["label"] for o in question["options"]}
        table = table_after(summary, ["Onderdeel", "Plaats", "Gemiddelde plaats", "Punten"])
        expected = [
            [cell_text(labels[i["option_id"]]), position, i["average_rank"], i["points"]]
            for position, i in ranked(question, tally)
        ]
        assert table[:-1] == expected
        assert table[-1] == ["Rangschikkingen", None, None, tally["votes"]]
    elif kind == "points":
        table = table_after(summary, ["Onderdeel", "Punten", "Aandeel", "Gemiddeld per antwoord"])
        responses = result["response_count"]
        for option, row in zip(question["options"], table, strict=False):
            points = tally["totals"][option["id"]]
            assert row[:2] == [cell_text(option["label"]), points]
            assert abs(row[2] - tally["shares"][option["id"]]) < 1e-4
            assert row[3] == (round(points / responses, 2) if responses else None)
        given = sum(tally["totals"].values())
        assert table[len(question["options"])][:2] == ["Gegeven punten", given]
        assert table[-1][:2] == ["Antwoorden", responses]


# --- shared results page ---------------------------------------------------------------------------


async def test_shared_page_and_json_show_every_type(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, specs())
    rid = event.rooms[0]["id"]
    token = (await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)).json()["token"]
    page = await client.get(f"/results/{token}")
    assert page.status_code == 200
    html = page.text
    assert "<script" not in html and "style=" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt; &lt;img src=" in html
    assert "Meer bankjes bij het café.<br>En schaduw!" in html  # line breaks as <br>, text escaped
    assert "Het café &lt;b&gt;De Ĳsbaan&lt;/b&gt; is te duur" in html
    assert "Ĳsbaan &lt;i&gt;winter&lt;/i&gt;" in html
    # the word cloud (wide, and for a phone), one chart per statement
    assert html.count("<svg") == 2 + 3 + 2
    assert html.count("Geen antwoorden op deze vraag.") == 5
    assert "5,00" in html and "2,50" in html and "4,75" in html and "2 overgeslagen" in html
    assert "1 = helemaal oneens · 7 = helemaal eens" in html
    assert "130 · 43%" in html  # points: @Speeltuin's 130 of 301
    results = await event.results()
    data = (await client.get(f"/results/{token}.json")).json()
    for shown, question, result in zip(data["questions"], event.questions, results["questions"], strict=True):
        assert (shown["type"], shown["response_count"]) == (question["type"], result["response_count"])
        check_json(question, result, shown)
        for text in page_texts(shown):
            for line in text.split("\n"):
                assert str(escape(line)) in html, line


def page_texts(shown: dict[str, Any]) -> list[str]:
    kind = shown["type"]
    if kind == "word_cloud":
        return [w["text"] for w in shown["words"]]
    if kind == "open_text":
        return list(shown["answers"])
    if kind == "scale":
        return [s["label"] for s in shown["statements"]]
    return [i["label"] for i in shown["items"]]


def check_json(question: dict[str, Any], result: dict[str, Any], shown: dict[str, Any]) -> None:
    tally = result["tally"]
    kind = question["type"]
    labels = {o["id"]: o["label"] for o in question["options"]}
    if kind == "word_cloud":
        assert shown["words"] == [{"text": w["text"], "count": w["count"]} for w in tally["words"]]
        assert shown["distinct"] == tally["distinct"]
    elif kind == "open_text":
        assert shown["answers"] == tally["answers"] and shown["count"] == tally["count"]
    elif kind == "scale":
        assert shown["steps"] == tally["steps"]
        assert shown["statements"] == [
            {"label": labels[k], **{f: v[f] for f in ("distribution", "count", "mean", "skipped")}}
            for k, v in ((o["id"], tally["statements"][o["id"]]) for o in question["options"])
        ]
    elif kind == "ranking":
        assert shown["votes"] == tally["votes"]
        assert [(i["position"], i["label"], i["average_rank"], i["points"]) for i in shown["items"]] == [
            (position, labels[i["option_id"]], i["average_rank"], i["points"])
            for position, i in ranked(question, tally)
        ]
    elif kind == "points":
        assert [(i["label"], i["points"], i["share"]) for i in shown["items"]] == [
            (o["label"], tally["totals"][o["id"]], tally["shares"][o["id"]]) for o in question["options"]
        ]
        assert shown["total"] == 100


async def test_english_labels_for_the_new_types(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, specs()[:5], title="All hands", language="en")
    text = squash(
        "".join(pdf_pages((await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")).content))
    )
    for expected in ("7differentwords", "newestfirst", "scale1\u20137", "Averagerank", "Pointsgiven", "Mean"):
        assert expected in text, expected
    assert re.search(r"n=4·?", text) and "2skipped" in text and "5.00" in text
