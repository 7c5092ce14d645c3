"""The organiser's settings.player_names (SQLite and PostgreSQL): "choose" (the default, today's
behaviour) lets players pick their own name, "generated" keeps everyone's made-up name: a rename
is a 403, a join's name is dropped (a join never fails on a name), GET /me says so, and the phone
without scripts offers its name form only where choosing is allowed."""

import httpx

from tests.helpers import new_organiser
from tests.quiz.support import join_as, quiz_presentation

FIXED = "names are generated in this quiz"


async def test_players_choose_their_name_unless_the_organiser_generates_them(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    assert presentation["settings"].get("player_names", "choose") == "choose"  # the default: as before
    room = await ada.room(presentation["id"])
    code = room["join_code"]
    phone, joined = await join_as(client, code, "Sam")
    assert joined["nickname"] == "Sam"
    me = (await client.get(f"/api/join/{code}/me", headers=phone.headers)).json()
    assert me == {"participant_id": phone.participant_id, "nickname": "Sam", "can_change_name": True}

    r = await ada.client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"player_names": "generated"}},
        headers=ada.headers,
    )
    assert r.status_code == 200 and r.json()["settings"]["player_names"] == "generated"

    me = (await client.get(f"/api/join/{code}/me", headers=phone.headers)).json()
    assert me["can_change_name"] is False and me["nickname"] == "Sam"  # a name kept from before
    r = await client.patch(f"/api/join/{code}/me", json={"nickname": "Kim"}, headers=phone.headers)
    assert r.status_code == 403 and FIXED in r.json()["detail"]
    assert (await client.get(f"/api/join/{code}/me", headers=phone.headers)).json()["nickname"] == "Sam"
    # A join asking for a name still joins, with a made-up name ("Swift Otter").
    other, joined = await join_as(client, code, "Kim")
    assert joined["nickname"] and joined["nickname"] != "Kim" and len(joined["nickname"].split()) == 2
    r = await client.get(f"/api/join/{code}/me", headers=other.headers)
    assert r.json()["nickname"] == joined["nickname"] and r.json()["can_change_name"] is False

    r = await ada.client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"player_names": "choose"}},
        headers=ada.headers,
    )
    assert r.status_code == 200
    r = await client.patch(f"/api/join/{code}/me", json={"nickname": "Kim"}, headers=phone.headers)
    assert r.status_code == 200 and r.json() == {
        "participant_id": phone.participant_id,
        "nickname": "Kim",
        "can_change_name": True,
    }


async def test_an_unknown_player_names_value_is_422(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    for bad in ("chosen", "", None, 1, "GENERATED"):
        r = await ada.post("/api/presentations", {"title": "Quiz", "settings": {"player_names": bad}})
        assert r.status_code == 422, (bad, r.text)
        assert "player_names" in r.text
    presentation = await quiz_presentation(ada, settings={"player_names": "generated"})
    assert presentation["settings"]["player_names"] == "generated"
    r = await ada.client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"player_names": "anything"}},
        headers=ada.headers,
    )
    assert r.status_code == 422 and "player_names" in r.text


async def test_a_phone_without_scripts_chooses_its_name_where_allowed(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await quiz_presentation(ada)
    room = await ada.room(presentation["id"])
    code = room["join_code"]
    phone, joined = await join_as(client, code)
    cookie = {"Cookie": f"poll_participant={phone.token}"}
    page = await client.get(f"/{code}", headers=cookie)
    assert joined["nickname"] in page.text and f'href="/{code}/name"' in page.text

    form = await client.get(f"/{code}/name", headers=cookie)
    assert form.status_code == 200 and 'name="nickname"' in form.text and joined["nickname"] in form.text
    r = await client.post(f"/{code}/name", data={"nickname": "Sam"}, headers=cookie)
    assert r.status_code == 303 and r.headers["location"] == f"/{code}"
    assert (await client.get(f"/api/join/{code}/me", headers=phone.headers)).json()["nickname"] == "Sam"
    # Refused names come back on the form, in the player's words, with what they typed.
    _, _ = await join_as(client, code, "Kim")
    r = await client.post(f"/{code}/name", data={"nickname": "KIM"}, headers=cookie)
    assert r.status_code == 409 and "Someone already plays as" in r.text and 'value="KIM"' in r.text
    r = await client.post(f"/{code}/name", data={"nickname": ""}, headers=cookie)
    assert r.status_code == 422 and "Use 1 to 24 letters" in r.text
    # Someone else's form post (no cookie) changes nothing.
    r = await client.post(f"/{code}/name", data={"nickname": "Eve"})
    assert r.status_code == 303 and r.headers["location"] == f"/{code}"

    await ada.client.patch(
        f"/api/presentations/{presentation['id']}",
        json={"settings": {"player_names": "generated"}},
        headers=ada.headers,
    )
    page = await client.get(f"/{code}", headers=cookie)
    assert "Sam" in page.text and f'href="/{code}/name"' not in page.text
    form = await client.get(f"/{code}/name", headers=cookie)
    assert 'name="nickname"' not in form.text and "the organiser gives everyone a name" in form.text
    r = await client.post(f"/{code}/name", data={"nickname": "Bo"}, headers=cookie)
    assert r.status_code == 403 and "the organiser gives everyone a name" in r.text
    assert (await client.get(f"/api/join/{code}/me", headers=phone.headers)).json()["nickname"] == "Sam"
