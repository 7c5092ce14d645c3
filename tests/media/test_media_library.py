"""An organiser's images: served with strong ETags and long caching, a small variant for phones,
a quota and a rate limit, placed on questions and options of their own presentation only, and
gone with the presentation."""

import io

import httpx
from PIL import Image

from tests.conftest import make_settings
from tests.helpers import join
from tests.media.conftest import app_client, new_deck
from tests.support.images import photo, picture


async def test_images_are_served_with_strong_etags_and_long_caching(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    stored = await deck.uploaded(picture("PNG", (300, 200)))
    assert (stored["width"], stored["height"]) == (300, 200)
    for url, kind in ((stored["url"], stored["content_type"]), (stored["phone_url"], "image/webp")):
        r = await client.get(url)  # no login: phones and the shared results page show them
        assert r.status_code == 200
        assert r.headers["content-type"] == kind
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert r.headers["x-content-type-options"] == "nosniff"
        etag = r.headers["etag"]
        assert etag.startswith('"') and not etag.startswith("W/")  # strong
        again = await client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        other = await client.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == r.content
    assert (await client.get("/media/nosuchimage")).status_code == 404


async def test_a_phone_gets_a_picture_under_120_kb_of_a_camera_photo(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    stored = await deck.uploaded(photo((4000, 3000)), "image/jpeg")
    r = await client.get(stored["phone_url"])
    assert len(r.content) < 120 * 1024, len(r.content)
    width = Image.open(io.BytesIO(r.content)).size[0]
    assert width >= 390 and width <= 780  # sharp on a 390 px phone at twice the pixels
    screen = Image.open(io.BytesIO((await client.get(stored["url"])).content))
    assert max(screen.size) == 1920  # screens get a large picture, not the camera's 12 MP


async def test_the_quota_refuses_an_upload_that_does_not_fit(database_url: str) -> None:
    settings = make_settings(database_url, media_quota_bytes=12_000)
    async with app_client(settings) as client:
        deck = await new_deck(client)
        first = await deck.uploaded(picture("PNG", (64, 48)))
        assert first["used_bytes"] == first["bytes"] and first["quota_bytes"] == 12_000
        r = await deck.upload(picture("JPEG", (900, 900), quality=95), "image/jpeg")
        assert r.status_code == 413, r.text
        assert "quota" in r.json()["detail"]
        assert [m["id"] for m in await deck.media()] == [first["id"]]
        # Deleting an image frees its room in the quota.
        r = await client.delete(f"/api/media/{first['id']}", headers=deck.organiser.headers)
        assert r.status_code == 204
        assert await deck.media() == []


async def test_uploads_are_rate_limited_per_organiser(database_url: str) -> None:
    settings = make_settings(database_url, media_uploads_per_minute=2)
    async with app_client(settings) as client:
        deck = await new_deck(client)
        for _ in range(2):
            await deck.uploaded(picture("PNG"))
        r = await deck.upload(picture("PNG"))
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        other = await new_deck(client, "Grace")  # another organiser is not held up
        await other.uploaded(picture("PNG"))


async def test_a_question_shows_an_image_of_its_own_presentation_only(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    mine = await deck.uploaded(picture("PNG"))
    image = {"media_id": mine["id"], "alt": "A bar chart of last year's visitors"}
    r = await deck.question(
        {"type": "word_cloud", "prompt": "What do you see?", "settings": {"image": image}}
    )
    assert r.status_code == 201, r.text
    question = r.json()
    assert question["settings"]["image"] == image
    assert question["settings"]["max_entries"] == 3  # the type's own defaults stay

    # Alt text is required, and not blank.
    for bad in ({"media_id": mine["id"]}, {"media_id": mine["id"], "alt": "   "}):
        r = await deck.question({"type": "open_text", "prompt": "Why?", "settings": {"image": bad}})
        assert r.status_code == 422, r.text
    # Another organiser's image is as unknown as one that does not exist.
    grace = await new_deck(client, "Grace")
    theirs = await grace.uploaded(picture("PNG"))
    for media_id in (theirs["id"], "0" * 32):
        r = await deck.question(
            {"type": "open_text", "prompt": "Why?", "settings": {"image": {"media_id": media_id, "alt": "x"}}}
        )
        assert r.status_code == 404, r.text
        r = await deck.organiser.client.patch(
            f"/api/questions/{question['id']}",
            json={"settings": {"image": {"media_id": media_id, "alt": "x"}}},
            headers=deck.organiser.headers,
        )
        assert r.status_code == 404, r.text
    # Grace cannot list or delete Ada's images either.
    r = await client.delete(f"/api/media/{mine['id']}", headers=grace.organiser.headers)
    assert r.status_code == 404

    # Phones see the image and its alt text with the question.
    room = await deck.organiser.room(deck.presentation_id)
    phone = await join(client, room["join_code"])
    assert (await phone.state())["question"]["settings"]["image"] == image


async def test_option_pictures_belong_to_image_choice(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    cat = await deck.uploaded(picture("PNG", colour="orange"))
    dog = await deck.uploaded(picture("PNG", colour="brown"))
    options = [
        {"label": "Cat", "image": {"media_id": cat["id"], "alt": "An orange cat asleep"}},
        {"label": "Dog", "image": {"media_id": dog["id"], "alt": "A brown dog running"}},
    ]
    r = await deck.question({"type": "image_choice", "prompt": "Which pet?", "options": options})
    assert r.status_code == 201, r.text
    assert [o["image"] for o in r.json()["options"]] == [o["image"] for o in options]
    # Phones get the pictures with the options.
    room = await deck.organiser.room(deck.presentation_id)
    phone = await join(client, room["join_code"])
    shown = (await phone.state())["question"]["options"]
    assert [o["image"] for o in shown] == [o["image"] for o in options]
    r = await deck.question({"type": "multiple_choice", "prompt": "Which pet?", "options": options})
    assert r.status_code == 422 and "image_choice" in r.json()["detail"]
    no_alt = [{"label": "Cat", "image": {"media_id": options[0]["image"]["media_id"]}}, {"label": "Dog"}]
    r = await deck.question({"type": "image_choice", "prompt": "Which pet?", "options": no_alt})
    assert r.status_code == 422, r.text


async def test_deleting_a_presentation_deletes_its_images(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    stored = await deck.uploaded(picture("PNG"))
    image = {"media_id": stored["id"], "alt": "Our logo"}
    r = await deck.question({"type": "open_text", "prompt": "Like it?", "settings": {"image": image}})
    assert r.status_code == 201
    # An image a question shows cannot be deleted from under it.
    r = await client.delete(f"/api/media/{stored['id']}", headers=deck.organiser.headers)
    assert r.status_code == 409 and "Like it?" in r.json()["detail"]
    r = await client.delete(f"/api/presentations/{deck.presentation_id}", headers=deck.organiser.headers)
    assert r.status_code == 204
    for url in (stored["url"], stored["phone_url"]):
        assert (await client.get(url)).status_code == 404


async def test_a_duplicated_presentation_keeps_its_pictures_when_the_original_goes(
    client: httpx.AsyncClient,
) -> None:
    deck = await new_deck(client)
    banner = await deck.uploaded(picture("PNG", colour="purple"))
    cat = await deck.uploaded(picture("PNG", colour="orange"))
    r = await deck.question(
        {
            "type": "image_choice",
            "prompt": "Which pet?",
            "options": [{"label": "Cat", "image": {"media_id": cat["id"], "alt": "A cat"}}, {"label": "Dog"}],
            "settings": {"image": {"media_id": banner["id"], "alt": "The library"}},
        }
    )
    assert r.status_code == 201, r.text
    r = await deck.organiser.post(f"/api/presentations/{deck.presentation_id}/duplicate", {})
    assert r.status_code == 201, r.text
    copy = r.json()
    question = copy["questions"][0]
    copied_banner = question["settings"]["image"]["media_id"]
    copied_cat = question["options"][0]["image"]["media_id"]
    assert {copied_banner, copied_cat}.isdisjoint({banner["id"], cat["id"]})
    original = (await client.get(banner["url"])).content
    r = await client.delete(f"/api/presentations/{deck.presentation_id}", headers=deck.organiser.headers)
    assert r.status_code == 204
    assert (await client.get(banner["url"])).status_code == 404
    assert (await client.get(f"/media/{copied_banner}")).content == original
    assert (await client.get(f"/media/{copied_cat}/phone")).status_code == 200
    # The copy's question can be edited: its images are its own presentation's.
    r = await deck.organiser.client.patch(
        f"/api/questions/{question['id']}",
        json={"prompt": "Which pet, then?"},
        headers=deck.organiser.headers,
    )
    assert r.status_code == 200, r.text
