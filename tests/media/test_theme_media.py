"""A theme's logo and background image: images of the same presentation only (another
presentation's, or another organiser's, is a 404), alt text required for the logo, the text checked
on the scrim over the background image, drawn on the presenter and the shared results page but not
on the phone, and a deleted image or a duplicated deck never leaves a broken theme."""

from typing import Any

import httpx

from poll_service.themes.contrast import SCRIM_ALPHA, contrast_ratio, over, scrim_grounds
from poll_service.themes.schemas import Theme
from poll_service.themes.stylesheet import theme_style
from tests.media.conftest import Deck, new_deck
from tests.support.images import picture


async def _themed(deck: Deck, **images: Any) -> httpx.Response:
    return await deck.organiser.client.put(
        f"/api/presentations/{deck.presentation_id}/theme", json=images, headers=deck.organiser.headers
    )


def test_the_scrim_is_checked_over_black_and_over_white() -> None:
    assert over("#ffffff", SCRIM_ALPHA, "#000000") == "#d9d9d9"
    assert over("#ffffff", SCRIM_ALPHA, "#ffffff") == "#ffffff"
    # A grey background whose muted text passes on the plain ground but not once a dark image
    # shows through the scrim: refused only when there is a background image.
    colours = {**Theme().colours(), "background": "#ffffff", "surface": "#ffffff", "muted": "#6a6a6a"}
    dark_ground = scrim_grounds("#ffffff")["the scrim over a black image"]
    assert contrast_ratio("#6a6a6a", "#ffffff") >= 4.5 > contrast_ratio("#6a6a6a", dark_ground)
    plain = Theme.model_validate(colours)
    with_image = Theme.model_validate({**colours, "background_image": "a" * 32})
    assert "scrim" not in theme_style(plain, "presenter").css
    css = theme_style(with_image, "presenter").css
    assert 'url("/media/' + "a" * 32 + '")' in css and "rgb(255 255 255 / 0.85)" in css
    assert "url(" not in theme_style(with_image, "phone").css  # the phone stays light


async def test_a_theme_takes_images_of_its_own_presentation_only(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    logo = await deck.uploaded(picture("PNG", (300, 120), colour="purple"))
    ground = await deck.uploaded(picture("JPEG", (800, 450), colour="teal"), "image/jpeg")
    other_deck = Deck(deck.organiser, (await deck.organiser.presentation("Other"))["id"])
    theirs = await (await new_deck(client, "Bea")).uploaded(picture("PNG"))
    mine_elsewhere = await other_deck.uploaded(picture("PNG"))

    for stranger in (theirs["id"], mine_elsewhere["id"], "f" * 32):
        r = await _themed(deck, logo={"media_id": stranger, "alt": "Logo"})
        assert r.status_code == 404 and r.json()["detail"].startswith("logo:"), r.text
        r = await _themed(deck, background_image=stranger)
        assert r.status_code == 404 and r.json()["detail"].startswith("background_image:"), r.text
    r = await _themed(deck, logo={"media_id": logo["id"], "alt": "   "})
    assert r.status_code == 422 and "alt text" in r.text
    r = await _themed(deck, background_image="../../etc")
    assert r.status_code == 422
    # Another organiser cannot put a theme on this presentation at all.
    bea = await new_deck(client, "Cy")
    r = await client.put(
        f"/api/presentations/{deck.presentation_id}/theme",
        json={"background_image": ground["id"]},
        headers=bea.organiser.headers,
    )
    assert r.status_code == 404

    r = await _themed(
        deck, logo={"media_id": logo["id"], "alt": " The library network "}, background_image=ground["id"]
    )
    assert r.status_code == 200, r.text
    theme = r.json()["theme"]
    assert theme["logo"] == {"media_id": logo["id"], "alt": "The library network"}
    assert theme["background_image"] == ground["id"]
    assert any("scrim over a black image" in pair["pair"] for pair in r.json()["contrast"])
    # A default theme keeps colours and the font only.
    r = await client.put(
        "/api/themes/default", json={"background_image": ground["id"]}, headers=deck.organiser.headers
    )
    assert r.status_code == 422 and "background_image" in r.json()["detail"]


async def test_the_presenter_and_results_page_draw_them_and_a_deleted_one_falls_back(
    client: httpx.AsyncClient,
) -> None:
    deck = await new_deck(client)
    logo = await deck.uploaded(picture("PNG", (300, 120), colour="purple"))
    ground = await deck.uploaded(picture("PNG", (800, 450), colour="teal"))
    r = await _themed(
        deck, logo={"media_id": logo["id"], "alt": "The library network"}, background_image=ground["id"]
    )
    assert r.status_code == 200, r.text
    room = await deck.organiser.room(deck.presentation_id, lobby=True)
    headers = deck.organiser.headers

    present = (await client.get(f"/present/{room['id']}", headers=headers)).text
    assert f'<img class="theme-logo" src="/media/{logo["id"]}" alt="The library network">' in present
    assert f'url("/media/{ground["id"]}")' in present
    page = (await client.get(f"/{room['join_code']}")).text
    assert "The library network" not in page
    assert logo["id"] not in page and ground["id"] not in page  # the phone keeps its weight
    share = (await client.post(f"/api/rooms/{room['id']}/share", headers=headers)).json()
    results = (await client.get(f"/results/{share['token']}")).text
    assert f'src="/media/{logo["id"]}" alt="The library network"' in results

    # Deleting the images: the theme keeps its colours and draws neither.
    for image in (logo, ground):
        r = await client.delete(f"/api/media/{image['id']}", headers=headers)
        assert r.status_code == 204, r.text
    r = await client.get(f"/api/presentations/{deck.presentation_id}/theme", headers=headers)
    assert (
        r.status_code == 200
        and "logo" not in r.json()["theme"]
        and "background_image" not in r.json()["theme"]
    )
    present = (await client.get(f"/present/{room['id']}", headers=headers)).text
    assert "theme-logo" not in present and "/media/" not in present
    results = (await client.get(f"/results/{share['token']}")).text
    assert "theme-logo" not in results


async def test_a_duplicated_deck_themes_itself_with_its_own_copies(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    logo = await deck.uploaded(picture("PNG", (300, 120), colour="purple"))
    r = await _themed(deck, logo={"media_id": logo["id"], "alt": "Logo"}, background_image=logo["id"])
    assert r.status_code == 200, r.text
    r = await deck.organiser.post(f"/api/presentations/{deck.presentation_id}/duplicate", {})
    assert r.status_code == 201, r.text
    copy_id = r.json()["id"]
    theme = (await client.get(f"/api/presentations/{copy_id}/theme", headers=deck.organiser.headers)).json()[
        "theme"
    ]
    copied = theme["logo"]["media_id"]
    assert copied != logo["id"] and theme["background_image"] == copied
    r = await client.delete(f"/api/presentations/{deck.presentation_id}", headers=deck.organiser.headers)
    assert r.status_code == 204
    assert (await client.get(f"/media/{copied}")).status_code == 200
