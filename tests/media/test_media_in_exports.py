"""The pictures travel with the results: the PDF summary draws a question's image and image
choice's pictures, the shared results page shows them with their alt text, and the CSV names
the chosen picture by its label."""

import csv
import io

import httpx
from pypdf import PdfReader

from tests.helpers import join
from tests.media.conftest import new_deck
from tests.support.images import picture


def _images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_pdf_the_results_page_and_the_csv_show_the_pictures(client: httpx.AsyncClient) -> None:
    deck = await new_deck(client)
    banner = await deck.uploaded(picture("PNG", (400, 200), colour="purple"))
    cat = await deck.uploaded(picture("JPEG", (300, 300), colour="orange"), "image/jpeg")
    dog = await deck.uploaded(picture("WEBP", (300, 300), colour="brown"), "image/webp")
    r = await deck.question(
        {
            "type": "image_choice",
            "prompt": "Which pet should the library adopt?",
            "options": [
                {"label": "Cat", "image": {"media_id": cat["id"], "alt": "An orange cat asleep on books"}},
                {"label": "Dog", "image": {"media_id": dog["id"], "alt": "A brown dog by the door"}},
            ],
            "settings": {"image": {"media_id": banner["id"], "alt": "The reading room in purple light"}},
        }
    )
    assert r.status_code == 201, r.text
    question = r.json()
    cat_id = question["options"][0]["id"]
    room = await deck.organiser.room(deck.presentation_id)
    for _ in range(3):
        phone = await join(client, room["join_code"])
        assert (await phone.vote(question["id"], [cat_id])).status_code == 201

    headers = deck.organiser.headers
    pdf = await client.get(f"/api/rooms/{room['id']}/export.pdf", headers=headers)
    assert pdf.status_code == 200
    assert _images_in(pdf.content) == 3  # the banner and both pictures

    rows = list(
        csv.reader(
            io.StringIO(
                (await client.get(f"/api/rooms/{room['id']}/export.csv", headers=headers)).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [row[4] for row in rows[1:]] == ["Cat"] * 3

    share = (await client.post(f"/api/rooms/{room['id']}/share", headers=headers)).json()
    page = (await client.get(f"/results/{share['token']}")).text
    assert f'src="/media/{banner["id"]}/phone" alt="The reading room in purple light"' in page
    assert 'alt="An orange cat asleep on books"' in page and 'alt="A brown dog by the door"' in page
    shared = (await client.get(f"/results/{share['token']}.json")).json()
    assert shared["questions"][0]["image"]["media_id"] == banner["id"]
