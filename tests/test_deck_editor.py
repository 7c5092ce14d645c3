"""The deck editor's server side: duplicating a slide, and the two previews (projector, phone),
which show a slide without making a room, a participant or a vote."""

import httpx

from tests.helpers import new_organiser
from tests.workspaces.test_roles import invite_and_join


async def test_a_duplicate_lands_right_after_its_original_and_shares_nothing(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    deck = await ada.presentation(questions=3)
    first, second, third = deck["questions"]
    r = await client.patch(
        f"/api/questions/{second['id']}",
        json={"settings": {"notes": "Say hello", "allow_change": False}},
        headers=ada.headers,
    )
    assert r.status_code == 200, r.text

    r = await ada.post(f"/api/questions/{second['id']}/duplicate")
    assert r.status_code == 201, r.text
    twin = r.json()
    assert twin["id"] != second["id"]
    assert (twin["type"], twin["prompt"]) == ("multiple_choice", "Question 2?")
    assert twin["options"] == second["options"]  # labels and ids: they only mean something within it
    assert twin["settings"]["notes"] == "Say hello" and twin["settings"]["allow_change"] is False

    listed = (await client.get(f"/api/presentations/{deck['id']}", headers=ada.headers)).json()["questions"]
    assert [q["id"] for q in listed] == [first["id"], second["id"], twin["id"], third["id"]]
    assert [q["position"] for q in listed] == [0, 1, 2, 3]

    # Editing the copy leaves the original as it was.
    r = await client.patch(f"/api/questions/{twin['id']}", json={"prompt": "The copy"}, headers=ada.headers)
    assert r.status_code == 200, r.text
    original = (await client.get(f"/api/presentations/{deck['id']}", headers=ada.headers)).json()[
        "questions"
    ][1]
    assert original["prompt"] == "Question 2?"


async def test_duplicating_stops_at_the_decks_limit(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    deck = await ada.presentation(questions=1)
    question = deck["questions"][0]
    for _ in range(199):
        assert (await ada.post(f"/api/questions/{question['id']}/duplicate")).status_code == 201
    r = await ada.post(f"/api/questions/{question['id']}/duplicate")
    assert r.status_code == 409 and "200" in r.json()["detail"]


async def test_previews_show_the_slide_and_make_no_room(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    deck = await ada.presentation(questions=2)
    question = deck["questions"][1]

    projector = await client.get(f"/preview/{question['id']}/projector", headers=ada.headers)
    assert projector.status_code == 200
    assert f'data-preview="{question["id"]}"' in projector.text
    assert "/qr.svg" not in projector.text  # no room, so no code and no QR code to show
    # The dashboard (this site) may frame it; no other site may.
    assert "frame-ancestors 'self'" in projector.headers["content-security-policy"]

    phone = await client.get(f"/preview/{question['id']}/phone", headers=ada.headers)
    assert phone.status_code == 200
    assert "Question 2?" in phone.text and "Option C" in phone.text
    assert "phone.js" not in phone.text  # no script: it never joins, never opens a socket
    assert "/lang/" not in phone.text  # no language switch: it would set the organiser's own cookie
    assert "frame-ancestors 'self'" in phone.headers["content-security-policy"]

    rooms = await client.get(f"/api/presentations/{deck['id']}/rooms", headers=ada.headers)
    assert rooms.json() == []
    # Every other page still refuses to be framed.
    dashboard = await client.get("/dashboard", headers=ada.headers)
    assert "frame-ancestors 'none'" in dashboard.headers["content-security-policy"]


async def test_a_phone_preview_never_shows_a_quizs_right_answer(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    deck = await ada.presentation(questions=0)
    r = await ada.post(
        f"/api/presentations/{deck['id']}/questions",
        {
            "type": "type_answer",
            "prompt": "Capital of the Netherlands?",
            "settings": {"accepted": ["Amsterdam"]},
        },
    )
    assert r.status_code == 201, r.text
    phone = await client.get(f"/preview/{r.json()['id']}/phone", headers=ada.headers)
    assert phone.status_code == 200 and "Capital of the Netherlands?" in phone.text
    assert "Amsterdam" not in phone.text


async def test_a_viewer_previews_but_cannot_duplicate(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await ada.post("/api/workspaces", {"name": "Library team"})
    workspace_id = r.json()["id"]
    r = await ada.post("/api/presentations", {"title": "Town hall", "workspace_id": workspace_id})
    pid = r.json()["id"]
    r = await ada.post(f"/api/presentations/{pid}/questions", {"type": "word_cloud", "prompt": "One word?"})
    question_id = r.json()["id"]
    vera = await new_organiser(client, "Vera")
    await invite_and_join(ada, workspace_id, "viewer", vera)

    assert (await client.get(f"/preview/{question_id}/projector", headers=vera.headers)).status_code == 200
    assert (await client.get(f"/preview/{question_id}/phone", headers=vera.headers)).status_code == 200
    r = await vera.post(f"/api/questions/{question_id}/duplicate")
    assert r.status_code == 403 and "viewer" in r.json()["detail"]
    # Without a login the preview is the log-in page, never the slide.
    anonymous = await client.get(f"/preview/{question_id}/phone", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
