"""A talk's PDF as page slides (docs/media.md#a-pdf-deck): each page an image of the presentation
and a content slide showing it, placed where the organiser asks; hostile PDFs get clear errors
and leave nothing behind."""

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.conftest import make_settings
from tests.media.conftest import Deck, app_client, new_deck
from tests.support.pdfs import shapes, talk

# Rendering a PDF's pages; storing the pictures runs on PostgreSQL in tests/media/test_media_library.py.
pytestmark = pytest.mark.sqlite_only


async def send_pdf(
    deck: Deck, data: bytes, content_type: str = "application/pdf", query: str = ""
) -> httpx.Response:
    headers = {**deck.organiser.headers, "Content-Type": content_type}
    return await deck.organiser.client.post(
        f"/api/presentations/{deck.presentation_id}/pdf-deck{query}", content=data, headers=headers
    )


async def items(deck: Deck) -> list[dict[str, Any]]:
    r = await deck.organiser.client.get(
        f"/api/presentations/{deck.presentation_id}", headers=deck.organiser.headers
    )
    assert r.status_code == 200, r.text
    questions: list[dict[str, Any]] = r.json()["questions"]
    return questions


async def test_a_20_page_pdf_becomes_20_page_slides(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    r = await send_pdf(deck, talk(20))
    assert r.status_code == 201, r.text
    added = r.json()
    assert added["pages"] == 20 and len(added["media_ids"]) == 20
    slides = await items(deck)
    assert [q["type"] for q in slides] == ["slide"] * 20
    assert [q["id"] for q in slides] == added["question_ids"]
    first, last = slides[0], slides[-1]
    # The heading names the page and the deck; the alt text is the page's own words.
    assert first["prompt"] == "Page 1 of Pictures" and last["prompt"] == "Page 20 of Pictures"
    assert first["settings"]["image"] == {"media_id": added["media_ids"][0], "alt": "1 Slide 1 about reading"}
    assert last["settings"]["image"]["alt"] == "20 Slide 20 about reading"
    assert first["settings"]["image_fill"] is True
    # The screen's picture fills a 1920 px projector; the phone's is a small WebP.
    screen = await client.get(f"/media/{added['media_ids'][4]}")
    assert screen.status_code == 200 and screen.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(screen.content)).size == (1920, 1080)
    phone = await client.get(f"/media/{added['media_ids'][4]}/phone")
    assert phone.headers["content-type"] == "image/webp" and len(phone.content) <= 64 * 1024
    # Counted in the organiser's quota like any image.
    stored = await deck.media()
    assert len(stored) == 20 and added["used_bytes"] == sum(m["bytes"] for m in stored)


async def test_pages_go_between_polls_at_a_position(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    for prompt in ("Before", "After"):
        r = await deck.question(
            {"type": "multiple_choice", "prompt": prompt, "options": [{"label": "A"}, {"label": "B"}]}
        )
        assert r.status_code == 201, r.text
    r = await send_pdf(deck, talk(3), query="?position=1")
    assert r.status_code == 201, r.text
    assert [q["prompt"] for q in await items(deck)] == [
        "Before",
        "Page 1 of Pictures",
        "Page 2 of Pictures",
        "Page 3 of Pictures",
        "After",
    ]
    r = await send_pdf(deck, talk(1), query="?position=9")
    assert r.status_code == 422 and "position" in r.json()["detail"]


async def test_a_page_without_words_is_described_by_its_place_in_the_language_of_the_deck(
    client: httpx.AsyncClient,
) -> None:
    deck = await new_deck(client)
    r = await deck.organiser.client.patch(
        f"/api/presentations/{deck.presentation_id}", json={"language": "nl"}, headers=deck.organiser.headers
    )
    assert r.status_code == 200, r.text
    r = await send_pdf(deck, shapes(2))  # no words to describe it
    assert r.status_code == 201, r.text
    second = (await items(deck))[1]
    assert second["prompt"] == "Pagina 2 van Pictures"
    assert second["settings"]["image"]["alt"] == "Pagina 2 van Pictures"


async def test_hostile_pdfs_get_clear_errors_and_leave_nothing(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    whole = talk(4)
    refused = [
        (talk(2, password="secret"), "application/pdf", 422, "password"),
        (whole[: len(whole) // 2], "application/pdf", 422, "truncated or damaged"),
        (b"Dear speaker, these are my notes.\n" * 20, "application/pdf", 415, "not a PDF"),
        (whole, "text/plain", 415, "not a PDF"),
        (whole, "image/png", 415, "not a PDF"),
    ]
    for data, declared, status, words in refused:
        r = await send_pdf(deck, data, declared)
        assert r.status_code == status, (declared, words, r.text)
        assert words in r.json()["detail"]
    assert await items(deck) == [] and await deck.media() == []


async def test_too_many_pages_a_large_file_and_the_quota_are_refused(database_url: str) -> None:
    settings = make_settings(
        database_url,
        pdf_deck_max_pages=5,
        pdf_deck_max_upload_bytes=200_000,
        media_quota_bytes=60_000,
        media_max_upload_bytes=2048,  # an image's limit is not a PDF's
    )
    async with app_client(settings) as client:
        deck = await new_deck(client)
        r = await send_pdf(deck, talk(6))
        assert len(talk(6)) > 2048 and r.status_code == 413, r.text
        assert r.json()["detail"] == "the PDF has 6 pages; at most 5 pages are accepted"
        r = await send_pdf(deck, b"%PDF-1.4\n" + b"0" * 200_000)
        assert r.status_code == 413 and "larger than 200000 bytes" in r.json()["detail"]
        r = await send_pdf(deck, talk(5))  # five pages of about 25 KB each: past 60 000 bytes
        assert r.status_code == 413, r.text
        assert "quota" in r.json()["detail"]
        assert await items(deck) == [] and await deck.media() == []


async def test_another_organisers_presentation_is_not_found(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    other = await new_deck(client, "Mallory")
    r = await send_pdf(Deck(other.organiser, deck.presentation_id), talk(1))
    assert r.status_code == 404, r.text
    assert await items(deck) == []
