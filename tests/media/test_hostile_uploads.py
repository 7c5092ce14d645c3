"""Hostile uploads: every one is refused with a clear JSON error, or stored as a plain picture
made here (re-encoded), never as the bytes that came in."""

import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from poll_service.settings import Settings
from tests.conftest import make_settings
from tests.media.conftest import app_client, new_deck
from tests.support.images import POLYGLOT_TAIL, SVG, animated_gif, bomb, picture, with_gps_exif

# Decoding and re-encoding pictures; storing them runs on PostgreSQL in tests/media/test_media_library.py.
pytestmark = pytest.mark.sqlite_only


async def _served(client: httpx.AsyncClient, url: str) -> bytes:
    r = await client.get(url)
    assert r.status_code == 200, r.text
    return r.content


async def test_a_decompression_bomb_is_refused_before_it_is_decoded(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    # 10 000 000 000 pixels in 69 bytes, and 64 million: both past the cap, neither decoded.
    for hostile in (bomb(100_000, 100_000), bomb(8000, 8000)):
        r = await deck.upload(hostile)
        assert r.status_code == 422, r.text
        assert "pixels" in r.json()["detail"]
    assert await deck.media() == []


async def test_a_polyglot_is_stored_re_encoded_without_its_script(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    hostile = picture("PNG") + POLYGLOT_TAIL
    stored = await deck.uploaded(hostile)
    for url in (stored["url"], stored["phone_url"]):
        served = await _served(client, url)
        assert b"<script" not in served and b"<html" not in served.lower()
        assert served != hostile
        Image.open(io.BytesIO(served)).verify()  # a picture, whole
    r = await client.get(stored["url"])
    assert r.headers["content-type"] == "image/png" or r.headers["content-type"] == "image/jpeg"
    assert r.headers["x-content-type-options"] == "nosniff"


async def test_svg_is_not_accepted(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    r = await deck.upload(SVG, "image/svg+xml")
    assert r.status_code == 415, r.text
    assert "SVG" in r.json()["detail"]
    # Said to be a PNG, it still is no picture Pillow can decode.
    r = await deck.upload(SVG, "image/png")
    assert r.status_code == 422, r.text
    assert await deck.media() == []


async def test_a_truncated_file_is_refused(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    for fmt, declared in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")):
        whole = picture(fmt, (200, 150))
        r = await deck.upload(whole[: len(whole) // 2], declared)
        assert r.status_code == 422, (fmt, r.text)
        assert isinstance(r.json()["detail"], str)
    assert await deck.media() == []


async def test_exif_gps_is_gone_after_upload(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    original = with_gps_exif()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test file has a position
    stored = await deck.uploaded(original, "image/jpeg")
    for url in (stored["url"], stored["phone_url"]):
        served = await _served(client, url)
        exif = Image.open(io.BytesIO(served)).getexif()
        assert not exif.get_ifd(0x8825) and len(exif) == 0, dict(exif)
        assert b"Ada Lovelace" not in served and b"Exif" not in served


async def test_wrong_media_types_are_refused(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    png = picture("PNG")
    for declared in ("text/html", "application/octet-stream", "image/svg+xml", "image/bmp", None):
        r = await deck.upload(png, declared)
        assert r.status_code == 415, (declared, r.text)
        assert "not an accepted image type" in r.json()["detail"]
    # A format Pillow reads but we do not take, dressed up as a PNG.
    for fmt in ("BMP", "TIFF"):
        r = await deck.upload(picture(fmt), "image/png")
        assert r.status_code == 415, (fmt, r.text)
    assert await deck.media() == []


async def test_a_gif_is_kept_as_its_first_frame(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    stored = await deck.uploaded(animated_gif(), "image/gif")
    served = Image.open(io.BytesIO(await _served(client, stored["url"])))
    assert getattr(served, "n_frames", 1) == 1
    red, green, blue = served.convert("RGB").getpixel((20, 20))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


async def test_a_50_mb_body_is_refused_by_its_length_before_it_is_read(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(50):
            sent += 1024 * 1024
            yield b"\0" * (1024 * 1024)

    r = await deck.upload(body(), "image/png", **{"Content-Length": str(50 * 1024 * 1024)})
    assert r.status_code == 413, r.text
    assert "larger than" in r.json()["detail"]
    assert sent <= 1024 * 1024  # refused on the header: at most the first chunk was made


async def test_a_50_mb_body_without_a_length_is_cut_off_at_the_limit(database_url: str) -> None:
    limit = 2 * 1024 * 1024
    settings: Settings = make_settings(database_url, media_max_upload_bytes=limit)
    async with app_client(settings) as client:
        deck = await new_deck(client)
        sent = 0

        async def body() -> AsyncIterator[bytes]:  # chunked: no Content-Length to judge by
            nonlocal sent
            for _ in range(50 * 16):
                sent += 64 * 1024
                yield b"\x89PNG" + b"\0" * (64 * 1024 - 4)

        r = await deck.upload(body(), "image/png")
        assert r.status_code == 413, r.text
        assert sent <= limit + 2 * 64 * 1024  # read a chunk at a time, up to the limit only
        assert await deck.media() == []
