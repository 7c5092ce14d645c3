"""The number question: settings checked as a whole (the range, the decimals, the right value),
answers held to them, the right value kept from phones, the median and mean in the tally, and a
phone without scripts that types a Dutch decimal comma."""

import httpx
import pytest

from poll_service.i18n import catalogue
from tests.helpers import join, new_organiser
from tests.test_pages import form_page, room_with_question, tally_of

SETTINGS = {"min": 1, "max": 10, "decimals": 1, "unit": "km", "correct": 4.2}


@pytest.mark.parametrize(
    ("given", "wrong"),
    [
        ({"min": 5, "max": 5}, "min must be below max"),
        ({"min": 0, "max": 10, "correct": 11}, "correct must lie between min and max"),
        ({"min": 0, "max": 10, "correct": 4.25, "decimals": 1}, "correct has more than 1 decimals"),
        ({"min": 0.5, "max": 10}, "min has more than 0 decimals"),
        ({"max": 1e12}, "max"),
        ({"unit": "x" * 17}, "unit"),
    ],
)
async def test_settings_that_cannot_work_are_refused(
    client: httpx.AsyncClient, given: dict[str, object], wrong: str
) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=0)
    body = {"type": "number", "prompt": "How far?", "settings": given}
    r = await ada.post(f"/api/presentations/{presentation['id']}/questions", body)
    assert r.status_code == 422, r.text
    assert wrong in r.json()["detail"]


async def test_answers_keep_to_the_range_and_the_right_value_stays_with_the_organiser(
    client: httpx.AsyncClient,
) -> None:
    ada, question, room = await room_with_question(client, "number", "How far do you travel?", **SETTINGS)
    assert question["settings"]["correct"] == 4.2  # the organiser sees it
    url = f"/api/join/{room['join_code']}/responses"
    given = []
    for value, status in ((4.25, 422), (0.9, 422), (10.1, 422), ("4", 422), (4.2, 201), (3, 201), (10, 201)):
        phone = await join(client, room["join_code"])
        state = await phone.state()
        assert "correct" not in state["question"]["settings"]  # phones never see the right value
        assert state["question"]["settings"]["unit"] == "km"
        body = {"question_id": question["id"], "value": value}
        r = await client.post(url, json=body, headers=phone.headers)
        assert r.status_code == status, (value, r.text)
        if status == 201:
            given.append(value)
    tally = await tally_of(client, ada, room)
    assert tally["count"] == 3
    assert tally["median"] == 4.2
    assert tally["mean"] == pytest.approx(sum(given) / 3, abs=0.001)
    assert sum(b["count"] for b in tally["bins"]) == 3
    assert tally["bins"][0]["from"] == 1 and tally["bins"][-1]["to"] == 10


async def test_a_phone_without_scripts_types_a_number_with_a_decimal_comma(client: httpx.AsyncClient) -> None:
    ada, _, room = await room_with_question(client, "number", "How far?", **SETTINGS)
    code = room["join_code"]
    page, hidden = await form_page(client, code)
    assert 'name="value"' in page and 'inputmode="decimal"' in page
    en = catalogue("en")
    assert en["phone.number_help"].format(low="1", high="10", unit=" km") in page
    for typed, key, values in (
        ("far", "phone.error_number", {}),
        ("12", "phone.error_number_range", {"low": "1", "high": "10"}),
        ("4,25", "phone.error_number_decimals", {"n": 1}),
    ):
        r = await client.post(f"/{code}/vote", data={**hidden, "value": typed})
        assert r.status_code == 422 and en[key].format(**values) in r.text, typed
        assert f'value="{typed}"' in r.text, "what was typed is kept"
    r = await client.post(f"/{code}/vote", data={**hidden, "value": "4,2"})
    assert r.status_code == 303
    done = (await client.get(r.headers["location"])).text
    assert 'value="4.2"' in done  # the answer given, in the form
    tally = await tally_of(client, ada, room)
    assert tally["count"] == 1 and tally["mean"] == 4.2
