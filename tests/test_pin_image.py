"""Pin on image: the pin's checks (out of range, NaN, wrong shapes are 4xx), one pin per participant
that they may move, the tally's grid and its edges, the exact pins in the results JSON, the phone
form without scripts, and the exports: the PDF draws the picture with its heat map, the CSV has
every pin."""

import csv
import io
import json
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from poll_service.question_types.base import FormProblem
from poll_service.question_types.pin_image import (
    GRID,
    MAX_POINTS,
    TYPE,
    PinTally,
    pin_body,
    points_of,
    region_counts,
    stored_pin,
)
from poll_service.question_types.registry import tally
from tests.helpers import join
from tests.media.conftest import Deck, new_deck
from tests.support.images import picture

QUESTION: dict[str, Any] = {"type": "pin_image", "options": [], "settings": {"allow_change": True}}


def test_the_grid_counts_each_pin_in_its_cell_and_the_far_edges_in_the_last() -> None:
    result = tally(
        "pin_image", [], [{"x": 0, "y": 0}, {"x": 1, "y": 1}, {"x": 0.5, "y": 0.049}, {"x": 0.5, "y": 0.05}]
    )
    cells = result["cells"]
    assert result["grid"] == GRID and result["count"] == 4
    assert cells[0][0] == 1 and cells[GRID - 1][GRID - 1] == 1
    assert cells[0][10] == 1 and cells[1][10] == 1  # y 0.05 starts the second row
    assert sum(map(sum, cells)) == 4


def test_a_moved_pin_leaves_its_old_cell_and_a_recount_agrees() -> None:
    live = PinTally([], {})
    live.add({"x": 0.1, "y": 0.1})
    live.add({"x": 0.9, "y": 0.9})
    live.remove({"x": 0.1, "y": 0.1})
    live.add({"x": 0.5, "y": 0.5})
    live.remove({"x": 0.3, "y": 0.3})  # never added: nothing goes below zero
    live.add({"x": "0.5", "y": 2})  # not a pin (an old or damaged row): never counted
    assert live.snapshot() == tally("pin_image", [], [{"x": 0.9, "y": 0.9}, {"x": 0.5, "y": 0.5}])
    assert live.snapshot()["count"] == 2


def test_the_pushed_tally_stays_small_however_many_pins() -> None:
    """Pushes carry the tally: a grid whose size does not grow with the crowd (no pin list)."""
    crowd = PinTally([], {})
    for i in range(GRID * GRID):
        for _ in range(250):  # 100,000 pins, every cell busy
            crowd.add({"x": (i % GRID + 0.5) / GRID, "y": (i // GRID + 0.5) / GRID})
    snapshot = crowd.snapshot()
    assert snapshot["count"] == 100_000 and "points" not in snapshot
    assert len(json.dumps(snapshot)) < 2_500


def test_the_regions_are_thirds_of_the_picture() -> None:
    result = tally("pin_image", [], [{"x": 0, "y": 0}, {"x": 0.5, "y": 0.5}, {"x": 0.99, "y": 0.99}])
    assert region_counts(result) == [1, 0, 0, 0, 1, 0, 0, 0, 1]


def test_the_results_points_are_capped_and_say_so() -> None:
    pins = [{"x": i / 10000, "y": 0.5} for i in range(MAX_POINTS + 3)]
    shown = points_of(pins)
    assert len(shown["points"]) == MAX_POINTS and shown["points_truncated"] is True
    assert shown["points"][0] == [0.0, 0.5]  # oldest first
    assert points_of(pins[:2]) == {"points": [[0.0, 0.5], [0.0001, 0.5]], "points_truncated": False}


@pytest.mark.parametrize(
    ("x", "y"), [("", "50"), ("50", ""), ("101", "3"), ("-1", "3"), ("1e2", "3"), ("abc", "3"), ("٣", "3")]
)
def test_the_form_without_scripts_refuses_what_is_not_a_percentage(x: str, y: str) -> None:
    with pytest.raises(FormProblem) as refused:
        pin_body(QUESTION, {"x": x, "y": y})
    assert refused.value.key == "phone.error_pin"


def test_the_form_without_scripts_takes_percentages_and_shows_a_stored_pin() -> None:
    assert pin_body(QUESTION, {"x": "37,5", "y": "100%"}) == {"x": 0.375, "y": 1.0}
    assert stored_pin(QUESTION, {"x": 0.375, "y": 0}) == {"x": "37.5", "y": "0"}
    assert stored_pin(QUESTION, None) == {"x": "", "y": ""}


def test_a_pin_is_stored_to_four_decimals() -> None:
    assert TYPE.parse_answer([], {}, {"question_id": "q", "x": 0.123456, "y": 1}) == {"x": 0.1235, "y": 1.0}


async def _pin_question(client: httpx.AsyncClient) -> tuple[Deck, dict[str, Any], dict[str, Any]]:
    deck = await new_deck(client)
    photo = await deck.uploaded(picture("PNG", (400, 300), colour="teal"))
    image = {"media_id": photo["id"], "alt": "A floor plan of the library"}
    r = await deck.question(
        {"type": "pin_image", "prompt": "Where do you study?", "settings": {"image": image}}
    )
    assert r.status_code == 201, r.text
    room = await deck.organiser.room(deck.presentation_id)
    return deck, r.json(), room


async def test_bad_pins_are_a_clear_422_and_nan_or_infinity_too(client: httpx.AsyncClient) -> None:
    _deck, question, room = await _pin_question(client)
    phone = await join(client, room["join_code"])
    url = f"/api/join/{room['join_code']}/responses"
    headers = {**phone.headers, "Content-Type": "application/json"}
    for raw in ("NaN", "Infinity", "-Infinity", "1e400"):
        body = f'{{"question_id": "{question["id"]}", "x": {raw}, "y": 0.5}}'
        r = await client.post(url, content=body, headers=headers)
        assert r.status_code == 422, (raw, r.text)
        assert isinstance(r.json()["detail"], str)
    assert (await phone.state())["my_response"] is None


async def test_one_pin_per_participant_moved_not_added_and_the_results_list_the_points(
    client: httpx.AsyncClient,
) -> None:
    deck, question, room = await _pin_question(client)
    url = f"/api/join/{room['join_code']}/responses"
    ada = deck.organiser
    first, second = await join(client, room["join_code"]), await join(client, room["join_code"])
    for phone, pin in ((first, (0.1, 0.1)), (second, (0.8, 0.25)), (first, (0.9, 0.95))):
        r = await client.post(
            url, json={"question_id": question["id"], "x": pin[0], "y": pin[1]}, headers=phone.headers
        )
        assert r.status_code == 201, r.text
    r = await client.get(f"/api/rooms/{room['id']}/results", headers=ada.headers)
    [result] = r.json()["questions"]
    assert result["response_count"] == 2 and result["tally"]["count"] == 2
    assert sorted(result["points"]) == [[0.8, 0.25], [0.9, 0.95]]  # the first pin moved
    assert result["points_truncated"] is False
    assert result["tally"]["cells"][0][2] == 0 and result["tally"]["cells"][19][18] == 1

    pdf = await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=ada.headers)
    assert pdf.status_code == 200
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert sum(len(page.images) for page in pages) == 1  # the picture once: under its heat map
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "the darker, the more pins" in text and "bottom right" in text

    rows = list(
        csv.reader(
            io.StringIO(
                (await client.get(f"/api/rooms/{room['id']}/export.csv", headers=ada.headers)).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert sorted(row[4] for row in rows[1:]) == ["80% across, 25% down", "90% across, 95% down"]


async def test_a_phone_without_scripts_places_a_pin_by_the_numbers(client: httpx.AsyncClient) -> None:
    _deck, question, room = await _pin_question(client)
    code = room["join_code"]
    assert (await client.post("/join", data={"join_code": code})).status_code == 303
    page = await client.get(f"/{code}")
    assert page.status_code == 200
    html = page.text
    assert html.count('alt="A floor plan of the library"') == 1  # on the pin area, not above the prompt too
    assert 'class="q-image"' not in html
    assert 'name="x"' in html and 'name="y"' in html
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    form = {"question_id": question["id"], "key": key, "x": "120", "y": "40"}
    r = await client.post(f"/{code}/vote", data=form)
    assert r.status_code == 422 and "two numbers from 0 to 100" in r.text
    assert 'value="120"' in r.text  # what was typed stays, to correct
    form["x"] = "12,5"
    r = await client.post(f"/{code}/vote", data=form)
    assert r.status_code == 303, r.text
    done = await client.get(r.headers["location"])
    assert 'value="12.5"' in done.text and 'value="40"' in done.text
