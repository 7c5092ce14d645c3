"""The matrix question: settings bounded (steps, the axes' words, four corners, at most 12 items),
answers that rate every item on both axes or skip it, a tally of means and standard deviations
worked out by hand (and kept right when a phone changes its answer), and a phone without scripts
that rates, skips and is told what is missing."""

import math
import re
from typing import Any

import httpx
import pytest

from poll_service.i18n import catalogue
from tests.helpers import join, new_organiser
from tests.test_pages import form_page, room_with_question, tally_of

ITEMS = ("Website", "Training", "Coffee")
AXES = {"x_label": "Effort", "y_label": "Impact", "x_low": "little", "x_high": "a lot"}


@pytest.mark.parametrize(
    ("given", "wrong"),
    [
        ({"steps": 11}, "steps"),
        ({"steps": 1}, "steps"),
        ({"quadrants": ["a", "b", "c"]}, "quadrants"),
        ({"quadrants": ["a", "b", "c", "d", "e"]}, "quadrants"),
        ({"quadrants": ["x" * 41, "", "", ""]}, "quadrants"),
        ({"x_label": "x" * 41}, "x_label"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_settings_that_cannot_work_are_refused(
    client: httpx.AsyncClient, given: dict[str, object], wrong: str
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    body = {"type": "matrix", "prompt": "Where?", "options": [{"label": "A"}], "settings": given}
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 422, r.text
    assert wrong in r.json()["detail"]


@pytest.mark.parametrize("count", [0, 13])
async def test_one_to_twelve_items(client: httpx.AsyncClient, count: int) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    body = {"type": "matrix", "prompt": "Where?", "options": [{"label": f"Item {i}"} for i in range(count)]}
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 422 and "1 to 12 options" in r.json()["detail"], r.text


def _sd(values: list[int]) -> float:
    mean = sum(values) / len(values)
    return round(math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)), 2)


async def test_means_and_spreads_per_item_and_a_changed_answer(client: httpx.AsyncClient) -> None:
    ada, question, room = await room_with_question(client, "matrix", "Where do they sit?", ITEMS, **AXES)
    assert question["settings"]["quadrants"] == ["", "", "", ""] and question["settings"]["steps"] == 5
    a, b, c = (o["id"] for o in question["options"])
    url = f"/api/join/{room['join_code']}/responses"

    def p(x: int, y: int) -> dict[str, int]:
        return {"x": x, "y": y}

    sent = [
        {a: p(1, 5), b: p(5, 1), c: None},
        {a: p(2, 5), b: p(4, 1), c: p(3, 3)},
        {a: p(3, 4), b: None, c: p(3, 3)},
    ]
    phones = []
    for ratings in sent:
        phone = await join(client, room["join_code"])
        phones.append(phone)
        r = await client.post(
            url, json={"question_id": question["id"], "ratings": ratings}, headers=phone.headers
        )
        assert r.status_code == 201, r.text
    tally = await tally_of(client, ada, room)
    assert tally["steps"] == 5
    assert tally["items"][a] == {
        "count": 3,
        "mean_x": 2.0,
        "mean_y": 4.67,
        "sd_x": _sd([1, 2, 3]),
        "sd_y": _sd([5, 5, 4]),
        "skipped": 0,
    }
    assert tally["items"][b] == {
        "count": 2,
        "mean_x": 4.5,
        "mean_y": 1.0,
        "sd_x": 0.5,
        "sd_y": 0.0,
        "skipped": 1,
    }
    assert tally["items"][c] == {
        "count": 2,
        "mean_x": 3.0,
        "mean_y": 3.0,
        "sd_x": 0.0,
        "sd_y": 0.0,
        "skipped": 1,
    }

    # The first phone changes its mind: its old ratings leave the tally, the new ones count.
    changed = {a: p(5, 1), b: None, c: p(1, 1)}
    r = await client.post(
        url, json={"question_id": question["id"], "ratings": changed}, headers=phones[0].headers
    )
    assert r.status_code == 201, r.text
    tally = await tally_of(client, ada, room)
    assert tally["items"][a]["mean_x"] == pytest.approx(round(10 / 3, 2))
    assert tally["items"][a]["sd_y"] == _sd([1, 5, 4])
    assert (tally["items"][b]["count"], tally["items"][b]["skipped"]) == (1, 2)
    assert (tally["items"][c]["count"], tally["items"][c]["skipped"], tally["items"][c]["sd_x"]) == (
        3,
        0,
        _sd([1, 3, 3]),
    )


async def test_answers_are_held_to_the_rules_with_a_clear_422(client: httpx.AsyncClient) -> None:
    _, question, room = await room_with_question(
        client, "matrix", "Where?", ITEMS[:2], steps=3, allow_skip=False
    )
    a, b = (o["id"] for o in question["options"])
    url = f"/api/join/{room['join_code']}/responses"
    for ratings, says in (
        ({a: {"x": 1, "y": 3}, b: None}, "skipping an item is not allowed"),
        ({a: {"x": 1, "y": 4}, b: {"x": 1, "y": 1}}, "between 1 and 3"),
        ({a: {"x": 1, "y": 1}}, "rate every item"),
        ({a: {"x": 1, "y": 1}, b: {"x": 1, "y": 1}, "x" * 33: None}, "ratings"),
        ({a: [1, 1], b: {"x": 1, "y": 1}}, "ratings"),
    ):
        phone = await join(client, room["join_code"])
        r = await client.post(
            url, json={"question_id": question["id"], "ratings": ratings}, headers=phone.headers
        )
        assert r.status_code == 422, r.text
        assert says in r.json()["detail"], (ratings, r.text)


def _checked(page: str, name: str) -> str | None:
    found = re.search(rf'name="{re.escape(name)}" value="(\w+)" checked', page)
    return found.group(1) if found else None


async def test_a_phone_without_scripts_rates_skips_and_is_told_what_is_missing(
    client: httpx.AsyncClient,
) -> None:
    ada, question, room = await room_with_question(client, "matrix", "Where?", ITEMS, **AXES)
    a, b, c = (o["id"] for o in question["options"])
    code = room["join_code"]
    page, hidden = await form_page(client, code)
    en = catalogue("en")
    assert en["phone.matrix_help"].format(x="Effort", y="Impact", n=5) in page
    assert all(f'name="{axis}.{i}"' in page for axis in "xy" for i in (a, b, c))
    assert page.count('type="checkbox" name="skip.') == 3
    assert 'aria-label="Effort"' in page and "(a lot)" in page  # each row named, its ends said

    # Only one axis of an item: told to give both, and what was picked stays picked.
    r = await client.post(f"/{code}/vote", data={**hidden, f"x.{a}": "2"})
    assert r.status_code == 422 and en["phone.error_matrix_pair"].format(x="Effort", y="Impact") in r.text
    assert _checked(r.text, f"x.{a}") == "2"
    r = await client.post(f"/{code}/vote", data={**hidden, **{f"skip.{i}": "1" for i in (a, b, c)}})
    assert r.status_code == 422 and en["phone.error_matrix_one"] in r.text
    r = await client.post(f"/{code}/vote", data={**hidden, f"x.{a}": "9", f"y.{a}": "1"})
    assert r.status_code == 422 and en["phone.error_matrix_pair"].format(x="Effort", y="Impact") in r.text

    # A rated, B skipped on purpose (its picks ignored), C left open: both count as skipped.
    form: dict[str, Any] = {**hidden, f"x.{a}": "2", f"y.{a}": "5", f"x.{b}": "4", f"skip.{b}": "1"}
    r = await client.post(f"/{code}/vote", data=form)
    assert r.status_code == 303, r.text
    done = (await client.get(r.headers["location"])).text
    assert (_checked(done, f"x.{a}"), _checked(done, f"y.{a}")) == ("2", "5")  # the answer, in the form
    assert f'name="skip.{b}" value="1" checked' in done and f'name="skip.{c}" value="1" checked' in done
    tally = await tally_of(client, ada, room)
    assert (tally["items"][a]["mean_x"], tally["items"][a]["mean_y"]) == (2.0, 5.0)
    assert (tally["items"][b]["skipped"], tally["items"][c]["skipped"]) == (1, 1)


async def test_without_skipping_every_item_needs_both_numbers(client: httpx.AsyncClient) -> None:
    _, question, room = await room_with_question(client, "matrix", "Where?", ITEMS[:2], allow_skip=False)
    a, _ = (o["id"] for o in question["options"])
    code = room["join_code"]
    page, hidden = await form_page(client, code)
    assert 'name="skip.' not in page
    r = await client.post(f"/{code}/vote", data={**hidden, f"x.{a}": "2", f"y.{a}": "2"})
    assert r.status_code == 422 and catalogue("en")["phone.error_matrix_all"] in r.text
