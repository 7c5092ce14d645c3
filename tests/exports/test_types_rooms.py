"""A presentation that ran the new question types in two rooms: the PDF shows the combined result
and a per-room breakdown, the XLSX summary sheets have per-room columns; every figure is compared
with each room's GET /api/rooms/{rid}/results."""

import io

import httpx
from openpyxl import load_workbook

from poll_service.exports.labels import Labels
from tests.exports.support import (
    TypedSpec,
    build_typed_event,
    mean_text,
    need_dejavu,
    pdf_pages,
    sections,
    squash,
)

NL = Labels("nl")
ROOMS = ["Sessie A", "Sessie B"]


def _specs() -> list[TypedSpec]:
    return [
        TypedSpec(
            "word_cloud",
            "Eén woord voor vanavond?",
            answers=[
                [(0, {"entries": ["koffie", "gezellig"]}), (1, {"entries": ["Koffie"]})],
                [
                    (0, {"entries": ["gezellig", "lang"]}),
                    (1, {"entries": ["koffie"]}),
                    (2, {"entries": ["lang"]}),
                ],
            ],
        ),
        TypedSpec(
            "open_text",
            "Nog iets?",
            answers=[
                [(0, {"text": "Alleen in A"})],
                [(0, {"text": "Eerst in B"}), (1, {"text": "Daarna in B"})],
            ],
        ),
        TypedSpec(
            "scale",
            "Hoe was de avond?",
            ["Inhoud", "Sfeer"],
            settings={"steps": 4},
            answers=[
                [(0, {"ratings": {0: 4, 1: 3}}), (1, {"ratings": {0: 3, 1: None}})],
                [(0, {"ratings": {0: 1, 1: 4}})],
            ],
        ),
        TypedSpec(
            "ranking",
            "Wat eerst?",
            ["Bankjes", "Bomen", "Lampen"],
            answers=[[(0, {"order": [1, 0, 2]}), (1, {"order": [1, 2, 0]})], [(0, {"order": [2, 0, 1]})]],
        ),
        TypedSpec(
            "points",
            "Verdeel 10 punten",
            ["Groen", "Licht"],
            settings={"total": 10},
            answers=[[(0, {"points": {0: 7, 1: 3}})], [(0, {"points": {1: 10}}), (1, {"points": {0: 5}})]],
        ),
    ]


async def test_presentation_pdf_and_xlsx_break_the_new_types_down_per_room(client: httpx.AsyncClient) -> None:
    need_dejavu()
    event = await build_typed_event(client, _specs(), room_names=ROOMS)
    pid = event.presentation["id"]
    per_room = [(await event.results(i))["questions"] for i in range(len(ROOMS))]
    r = await event.get(f"/api/presentations/{pid}/export.pdf")
    assert r.status_code == 200, r.text
    pages = pdf_pages(r.content)
    text = squash("".join(pages))
    pieces = sections(text, event.questions)
    cloud, texts, scale, ranking, points = pieces
    assert all("Allezalen" in p and "Perzaal" in p for p in (cloud, scale, ranking, points))

    # word_cloud: combined table (rank, word, count), then word | A | B | total.
    words = {"koffie": (2, 1), "gezellig": (1, 1), "lang": (0, 2)}
    combined = sorted(words.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    for rank, (word, (a, b)) in enumerate(combined, start=1):
        assert f"{rank}{word}{a + b}" in cloud
        assert f"{word}{a}{b}{a + b}" in cloud.split("Perzaal")[1]
    assert "Antwoorden235" in cloud.split("Perzaal")[1]  # responses per room and in total
    for index, room in enumerate(per_room):
        assert {w["key"]: w["count"] for w in room[0]["tally"]["words"]} == {
            word: counts[index] for word, counts in words.items() if counts[index]
        }

    # open_text: each room's answers under its name, newest first.
    assert texts.index("SessieA·1antwoord") < texts.index("AlleeninA") < texts.index("SessieB·2antwoorden")
    assert texts.index("SessieB") < texts.index("DaarnainB") < texts.index("EerstinB")

    # scale: per statement the mean (and n) per room and in total.
    totals = {"Inhoud": ("3,50", 2, "1,00", 1, "2,67", 3), "Sfeer": ("3,00", 1, "4,00", 1, "3,50", 2)}
    question = event.questions[2]
    for option in question["options"]:
        mean_a, n_a, mean_b, n_b, mean_t, n_t = totals[option["label"]]
        results_a = per_room[0][2]["tally"]["statements"][option["id"]]
        results_b = per_room[1][2]["tally"]["statements"][option["id"]]
        assert (mean_text(results_a["mean"]), results_a["count"]) == (mean_a, n_a)
        assert (mean_text(results_b["mean"]), results_b["count"]) == (mean_b, n_b)
        row = f"{option['label']}{mean_a}n={n_a}{mean_b}n={n_b}{mean_t}n={n_t}"
        assert row in scale.split("Perzaal")[1], row
    assert "1234" in scale  # a 4-step scale: the steps of the chart

    # ranking: combined order, then average rank and points per room.
    labels = {o["id"]: o["label"] for o in event.questions[3]["options"]}
    room_items = [{i["option_id"]: i for i in room[3]["tally"]["items"]} for room in per_room]
    # Rank sums over the three rankings (Borda points = 4 x 3 - sum): Bomen 1+1+3, Lampen 3+2+1,
    # Bankjes 2+3+2.
    expected_total = {"Bomen": ("1,67", 7), "Lampen": ("2,00", 6), "Bankjes": ("2,33", 5)}
    for position, (label, (average, points_total)) in enumerate(expected_total.items(), start=1):
        assert f"{position}{label}{average}{points_total}" in ranking.split("Perzaal")[0]
        option_id = next(k for k, v in labels.items() if v == label)
        cells = "".join(
            f"{mean_text(items[option_id]['average_rank'])}{items[option_id]['points']}punten"
            for items in room_items
        )
        assert f"{label}{cells}{average}{points_total}punten" in ranking.split("Perzaal")[1]
    assert "Rangschikkingen213" in ranking

    # points: totals and shares per room and in total.
    for option in event.questions[4]["options"]:
        figures = []
        for room in [*per_room, None]:
            if room is None:
                tallies = [p[4]["tally"] for p in per_room]
                got = sum(t["totals"][option["id"]] for t in tallies)
                given = sum(sum(t["totals"].values()) for t in tallies)
            else:
                got = room[4]["tally"]["totals"][option["id"]]
                given = sum(room[4]["tally"]["totals"].values())
            figures.append(f"{got}·{round(100 * got / given)}%")
        assert squash(option["label"]) + "".join(figures) in points.split("Perzaal")[1]
    assert "Gegevenpunten101525" in points

    # XLSX: per-room columns on each summary sheet, the same figures.
    book = load_workbook(io.BytesIO((await event.get(f"/api/presentations/{pid}/export.xlsx")).content))
    sheets = [[list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames[1:]]
    cloud_sheet, text_sheet, scale_sheet, ranking_sheet, points_sheet = sheets
    head = next(r for r in cloud_sheet if r and r[0] == "Woord")
    assert head == ["Woord", "Sessie A: Aantal", "Sessie B: Aantal", "Totaal: Aantal"]
    assert ["koffie", 2, 1, 3] in [[str(r[0]).lower(), *r[1:]] for r in cloud_sheet]
    assert ["lang", 0, 2, 2] in cloud_sheet and ["Antwoorden", 2, 3, 5] in cloud_sheet
    assert ["Sessie A", "Alleen in A"] in text_sheet
    assert text_sheet.index(["Sessie B", "Daarna in B"]) < text_sheet.index(["Sessie B", "Eerst in B"])
    head = next(r for r in scale_sheet if r and r[0] == "Stelling")
    assert head == ["Stelling", "Zaal", "Aantal", "Gemiddelde", "Overgeslagen", "1", "2", "3", "4"]
    assert ["Inhoud", "Sessie A", 2, 3.5, 0, 0, 0, 1, 1] in scale_sheet
    assert ["Sfeer", "Sessie A", 1, 3, 1, 0, 0, 1, 0] in scale_sheet
    assert ["Inhoud", "Totaal", 3, 2.67, 0, 1, 0, 1, 1] in scale_sheet
    head = next(r for r in ranking_sheet if r and r[0] == "Onderdeel")
    assert head == [
        "Onderdeel",
        "Plaats",
        "Sessie A: Gemiddelde plaats",
        "Sessie A: Punten",
        "Sessie B: Gemiddelde plaats",
        "Sessie B: Punten",
        "Totaal: Gemiddelde plaats",
        "Totaal: Punten",
    ]
    bomen = next(r for r in ranking_sheet if r and r[0] == "Bomen")
    assert bomen[1] == 1 and bomen[-2:] == [1.67, 7]
    assert ranking_sheet[-1] == ["Rangschikkingen", None, None, 2, None, 1, None, 3]
    groen = next(r for r in points_sheet if r and r[0] == "Groen")
    assert groen[1::3] == [7, 5, 12] and [round(v, 4) for v in groen[2::3]] == [0.7, 0.3333, 0.48]
    assert next(r for r in points_sheet if r and r[0] == "Gegeven punten")[1::3] == [10, 15, 25]
