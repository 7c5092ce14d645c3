"""Deck documents carry their images and theme (version 2): every image-bearing kind (a question's
picture, image-choice options, pin on image, a slide's image, the theme's logo and background)
survives export then import by another organiser, re-encoded and under new ids; hostile or broken
embedded images, dangling references and the quota are refused naming the field, with nothing
half-made."""

import base64
import io
from typing import Any

import httpx
from PIL import Image

from tests.conftest import make_settings
from tests.helpers import Organiser, new_organiser
from tests.media.conftest import Deck, app_client, new_deck
from tests.support.images import bomb, picture
from tests.test_themes import NIGHT


async def _import(organiser: Organiser, deck: Any) -> httpx.Response:
    return await organiser.client.post("/api/presentations/import", json=deck, headers=organiser.headers)


async def _count(organiser: Organiser) -> int:
    return len((await organiser.client.get("/api/presentations", headers=organiser.headers)).json())


async def _pictured_deck(deck: Deck) -> None:
    """One question of every image-bearing kind, and a theme with a logo and a background."""
    up = {
        c: (await deck.uploaded(picture("PNG", (320, 200), colour=c)))["id"] for c in ("red", "green", "blue")
    }
    photo_id = (await deck.uploaded(picture("JPEG", (640, 480), colour="orange"), "image/jpeg"))["id"]
    bodies: list[dict[str, Any]] = [
        {
            "type": "image_choice",
            "prompt": "Which reading room?",
            "options": [
                {"label": "Red", "image": {"media_id": up["red"], "alt": "A red room"}},
                {"label": "Green", "image": {"media_id": up["green"], "alt": "A green room"}},
            ],
            "settings": {"image": {"media_id": up["blue"], "alt": "The building"}},
        },
        {
            "type": "pin_image",
            "prompt": "Where do you sit?",
            "settings": {"image": {"media_id": photo_id, "alt": "Floor plan"}},
        },
        {
            "type": "slide",
            "prompt": "Welcome",
            "settings": {"image": {"media_id": up["red"], "alt": "The red room"}},
        },
        {"type": "word_cloud", "prompt": "One word?"},
    ]
    for body in bodies:
        r = await deck.question(body)
        assert r.status_code == 201, r.text
    theme = {**NIGHT, "logo": {"media_id": up["green"], "alt": "Network logo"}, "background_image": photo_id}
    r = await deck.organiser.client.put(
        f"/api/presentations/{deck.presentation_id}/theme", json=theme, headers=deck.organiser.headers
    )
    assert r.status_code == 200, r.text


def _without_ids(document: dict[str, Any]) -> Any:
    """The document with its media ids numbered in order of first use (ids are each server's own)."""
    names: dict[str, str] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    names.setdefault(v, f"m{len(names)}")
                    if k in ("media_id", "background_image", "id") and isinstance(v, str)
                    else walk(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    shown = walk({k: v for k, v in document.items() if k != "media"})
    return shown, sorted((names[m["id"]], m["content_type"]) for m in document["media"])


async def test_a_pictured_themed_deck_survives_export_then_import(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    await _pictured_deck(deck)
    r = await client.get(f"/api/presentations/{deck.presentation_id}/deck", headers=deck.organiser.headers)
    assert r.status_code == 200, r.text
    document = r.json()
    assert document["version"] == 2 and len(document["media"]) == 4  # each image once
    assert document["theme"]["logo"]["alt"] == "Network logo"
    for media in document["media"]:
        Image.open(io.BytesIO(base64.b64decode(media["data_base64"]))).verify()

    bea = await new_organiser(client, "Bea")
    r = await _import(bea, document)
    assert r.status_code == 201, r.text
    copy = r.json()
    listed = (await client.get(f"/api/presentations/{copy['id']}/media", headers=bea.headers)).json()["media"]
    new_ids = {m["id"] for m in listed}
    assert len(new_ids) == 4 and new_ids.isdisjoint(m["id"] for m in document["media"])
    assert copy["theme"]["logo"]["media_id"] in new_ids and copy["theme"]["background_image"] in new_ids
    choice = copy["questions"][0]
    assert {o["image"]["media_id"] for o in choice["options"]} <= new_ids
    assert choice["options"][0]["image"]["alt"] == "A red room"
    for image_id in new_ids:
        assert (await client.get(f"/media/{image_id}")).status_code == 200
    # Out again: the same document but for the ids; and the copy stands alone.
    again = (await client.get(f"/api/presentations/{copy['id']}/deck", headers=bea.headers)).json()
    assert _without_ids(again) == _without_ids(document)
    r = await client.delete(f"/api/presentations/{deck.presentation_id}", headers=deck.organiser.headers)
    assert r.status_code == 204
    for image_id in new_ids:
        assert (await client.get(f"/media/{image_id}/phone")).status_code == 200


def _one_picture(data: str, content_type: str = "image/png", **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "poll-service/deck",
        "version": 2,
        "title": "Pictures",
        "questions": [
            {
                "type": "slide",
                "prompt": "Hello",
                "settings": {"image": {"media_id": "a" * 32, "alt": "A hall"}},
            }
        ],
        "media": [{"id": "a" * 32, "content_type": content_type, "data_base64": data}],
    }
    document.update(changes)
    return document


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def test_embedded_images_are_checked_like_uploads(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    before = await _count(ada)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    cases = [
        (_one_picture("%%%"), 422, "media[0].data_base64: not base64"),
        (_one_picture(_b64(svg)), 422, "media[0].data_base64: the upload is not an image"),
        (_one_picture(_b64(picture("PNG")[:60])), 422, "media[0].data_base64:"),
        (_one_picture(_b64(bomb())), 422, "media[0].data_base64: the image decodes to too many pixels"),
        (_one_picture(_b64(picture()), "image/svg+xml"), 422, "media[0].content_type:"),
        (
            _one_picture(_b64(picture()), theme={**NIGHT, "background_image": "b" * 32}),
            422,
            "theme.background_image: image 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' is not among the deck's media",
        ),
        (
            _one_picture(_b64(picture()), media=[]),
            422,
            "questions[0].settings.image.media_id: image 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not among",
        ),
    ]
    for document, status, detail in cases:
        r = await _import(ada, document)
        assert r.status_code == status and r.json()["detail"].startswith(detail), (detail, r.text)
    assert await _count(ada) == before  # nothing half-made
    # A polyglot (a picture with a script after it) comes out as a plain picture.
    polyglot = picture("PNG") + b"<script>alert(1)</script>"
    r = await _import(ada, _one_picture(_b64(polyglot)))
    assert r.status_code == 201, r.text
    image_id = r.json()["questions"][0]["settings"]["image"]["media_id"]
    assert b"<script>" not in (await client.get(f"/media/{image_id}")).content


async def test_an_import_over_the_quota_or_the_body_limit_is_413(database_url: str) -> None:
    settings = make_settings(database_url, media_quota_bytes=12_000, deck_import_max_bytes=2_000_000)
    async with app_client(settings) as client:
        ada = await new_organiser(client)
        big = _b64(picture("JPEG", (900, 900), quality=95))
        r = await _import(ada, _one_picture(big))
        assert r.status_code == 413 and "quota" in r.json()["detail"], r.text
        assert await _count(ada) == 0
        r = await _import(ada, _one_picture("A" * 2_100_000))
        assert r.status_code == 413, r.text
