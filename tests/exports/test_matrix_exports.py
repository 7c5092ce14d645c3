"""The matrix question in every export, compared with GET /api/rooms/{rid}/results and with means
worked out by hand: the PDF's plot (vector: text you can extract, colour on the rendered page) and
its table of means, the CSV/XLSX answer cells and summary sheet, the shared page's plot (each dot
at its mean) and its JSON; two rooms add x̄ · ȳ per room."""

import io
import math
import re
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from poll_service.exports.labels import Labels
from poll_service.exports.renderers.matrix import PAGE_SIDE
from poll_service.exports.renderers.matrix_plot import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, badge_offsets
from tests.exports.support import TypedSpec, build_typed_event, need_dejavu, pdf_pages, render_pages, squash

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

NL = Labels("nl")
QUADRANTS = ["Snelle winst", "Grote projecten", "Bijzaken", "Geldputten"]
SETTINGS = {
    "x_label": "Moeite",
    "y_label": "Effect",
    "x_low": "weinig",
    "x_high": "veel",
    "y_low": "klein",
    "y_high": "groot",
    "quadrants": QUADRANTS,
}
LABELS = ["Nieuwe website", "Training <b>personeel</b>", "Koffieautomaat"]


def _p(x: int, y: int) -> dict[str, int]:
    return {"x": x, "y": y}


# Per room, (phone, answer); items by index. Room 1: website (1,5) (3,5); training (5,1) skipped;
# coffee skipped (2,2). Room 2: website (2,4).
ANSWERS = [
    [
        (0, {"ratings": {0: _p(1, 5), 1: _p(5, 1), 2: None}}),
        (1, {"ratings": {0: _p(3, 5), 1: None, 2: _p(2, 2)}}),
    ],
    [(0, {"ratings": {0: _p(2, 4), 1: None, 2: None}})],
]


def _spec(rooms: int = 1) -> TypedSpec:
    return TypedSpec("matrix", "Waar staan de plannen?", LABELS, SETTINGS, ANSWERS[:rooms])


async def test_pdf_plots_every_item_and_lists_its_means(client: httpx.AsyncClient, tmp_path: Path) -> None:
    need_dejavu()
    event = await build_typed_event(client, [_spec()])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    assert r.status_code == 200
    text = squash("".join(pdf_pages(r.content)))
    # The plot's words are drawn as text (vector), not as a picture.
    for words in ("Moeite→", "Effect→", "1·weinig", "veel·5", "1·klein", "groot·5", *QUADRANTS):
        assert squash(words) in text, words
    assert squash(NL.format("matrix_axes", x="Moeite", y="Effect", steps=5)) in text
    # The table: number, item, mean x, mean y, SD x, SD y, count, skipped.
    assert squash(f"1{LABELS[0]}2,005,001,000,0020") in text
    assert squash(f"2{LABELS[1]}5,001,000,000,0011") in text
    assert squash(f"3{LABELS[2]}2,002,000,000,0011") in text
    assert "<b>" not in r.content.decode("latin-1")  # an item's markup is text, never read as markup
    assert all(not page.images for page in PdfReader(io.BytesIO(r.content)).pages)  # vector, no picture
    assert len(render_pages(r.content, tmp_path)) == len(pdf_pages(r.content))  # and poppler draws it


async def test_two_rooms_add_the_means_per_room(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, [_spec(rooms=2)], room_names=["Noord", "Zuid"])
    presentation = event.presentation["id"]
    r = await event.get(f"/api/presentations/{presentation}/export.pdf")
    assert r.status_code == 200, r.text
    text = squash("".join(pdf_pages(r.content)))
    assert squash(NL["per_room"]) in text
    # Website: Noord 2.0 · 5.0, Zuid 2.0 · 4.0, together (1+3+2)/3 · (5+5+4)/3.
    assert squash(f"{LABELS[0]}2.0·5.02.0·4.02.0·4.7") in text


async def test_csv_and_xlsx_answers_and_summary(client: httpx.AsyncClient) -> None:
    event = await build_typed_event(client, [_spec()])
    rid = event.rooms[0]["id"]
    csv_text = (await event.get(f"/api/rooms/{rid}/export.csv")).content.decode("utf-8-sig")
    assert f"{LABELS[0]}: 1 · 5; {LABELS[1]}: 5 · 1; {LABELS[2]}: overgeslagen" in csv_text
    assert f"{LABELS[0]}: 3 · 5; {LABELS[1]}: overgeslagen; {LABELS[2]}: 2 · 2" in csv_text

    book = load_workbook(io.BytesIO((await event.get(f"/api/rooms/{rid}/export.xlsx")).content))
    summary = [list(row) for row in book[book.sheetnames[1]].iter_rows(values_only=True)]
    assert summary[0][0] == "Vraag 1: Waar staan de plannen?"
    summary = summary[4:]  # under the question, its response count and its room
    assert summary[0] == [
        "Onderdeel",
        "Aantal",
        "Gem. Moeite",
        "Gem. Effect",
        "SA Moeite",
        "SA Effect",
        "Overgeslagen",
    ]
    assert summary[1:] == [
        [LABELS[0], 2, 2.0, 5.0, 1.0, 0.0, 0],
        [LABELS[1], 1, 5.0, 1.0, 0.0, 0.0, 1],
        [LABELS[2], 1, 2.0, 2.0, 0.0, 0.0, 1],
    ]


async def test_shared_page_puts_each_dot_at_its_mean_and_json_has_the_figures(
    client: httpx.AsyncClient,
) -> None:
    event = await build_typed_event(client, [_spec()])
    rid = event.rooms[0]["id"]
    token = (await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)).json()["token"]
    page = (await client.get(f"/results/{token}")).text
    assert "Training &lt;b&gt;personeel&lt;/b&gt;" in page and "<b>personeel" not in page
    assert all(name in page for name in QUADRANTS)
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="3"', page)]
    height = MARGIN_BOTTOM + PAGE_SIDE + MARGIN_TOP

    def where(mean_x: float, mean_y: float) -> tuple[float, float]:
        return (
            round(MARGIN_LEFT + PAGE_SIDE * (mean_x - 0.5) / 5, 1),
            round(height - MARGIN_BOTTOM - PAGE_SIDE * (mean_y - 0.5) / 5, 1),
        )

    assert dots == [where(2, 5), where(5, 1), where(2, 2)]
    assert "2.0 · 5.0" in page and "Dot:" not in page and NL["matrix_note"] in page

    data = (await client.get(f"/results/{token}.json")).json()
    shown = data["questions"][0]
    assert shown["axes"]["x"] == {"label": "Moeite", "low": "weinig", "high": "veel"}
    assert shown["quadrants"] == QUADRANTS
    assert [
        (i["label"], i["count"], i["mean_x"], i["mean_y"], i["sd_x"], i["skipped"]) for i in shown["items"]
    ] == [
        (LABELS[0], 2, 2.0, 5.0, 1.0, 0),
        (LABELS[1], 1, 5.0, 1.0, 0.0, 1),
        (LABELS[2], 1, 2.0, 2.0, 0.0, 1),
    ]


def test_badges_of_items_at_the_same_mean_move_apart_and_a_lone_one_stays() -> None:
    points = [(100.0, 100.0), (100.0, 100.0), (104.0, 100.0), (300.0, 300.0)]
    offsets = badge_offsets(points, 7)
    assert offsets[0] == (0.0, 0.0) and offsets[3] == (0.0, 0.0)
    badges = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(points, offsets, strict=True)]
    for i, (ax, ay) in enumerate(badges):
        for bx, by in badges[i + 1 :]:
            assert math.hypot(ax - bx, ay - by) >= 14
