"""The PDF summary, read back: every question, option, count and percentage is in its text, Dutch
survives, pages are not blank, participant text is never markup, and rendering leaves the loop."""

import asyncio
import io
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.exports.support import (
    NL_PROMPT,
    QuestionSpec,
    build_event,
    figure,
    ink_share,
    need_dejavu,
    pdf_pages,
    render_pages,
    squash,
)

# Rendering an export from the results: the results themselves (every type, recounted from the
# database) are checked on PostgreSQL in tests/test_type_conformance.py.
pytestmark = pytest.mark.sqlite_only

LONG_LABEL = (
    "Liever een ĳsbaan met een terras, een warme chocolademelk voor € 2,50 en “gezellige” muziek "
    "tot tien uur \u2019s avonds \u2013 ook voor de kinderen uit de buurt"
)


def _specs() -> list[QuestionSpec]:
    return [
        QuestionSpec(
            NL_PROMPT,
            ["Redelijk", "Te duur", LONG_LABEL, "Geen idee (café Zoë)"],
            votes=[[[0], [1], [1], [2], [1], [3], [0]]],
        ),
        QuestionSpec(
            "Welke activiteiten wilt u volgend jaar? Kies er maximaal twee.",
            ["Schaatsles", "Curling", "Ĳshockey", "Koek-en-zopie"],
            settings={"multi_select": True, "max_choices": 2, "chart": "donut"},
            votes=[[[0, 1], [1], [1, 2], [3], None, [0, 3], [1]]],
        ),
        QuestionSpec("Komt u volgende keer weer?", ["Ja", "Nee", "Misschien"], votes=[[]]),
    ]


def _check_question(text: str, question: dict[str, Any], result: dict[str, Any]) -> None:
    assert squash(question["prompt"]) in text
    total = result["response_count"]
    for option in question["options"]:
        count = result["tally"]["counts"][option["id"]]
        # The label and its figure are one row of the chart: they follow each other in the text.
        assert squash(option["label"]) + figure(count, total) in text, (option["label"], count, total)


async def test_room_pdf_has_every_question_option_count_and_percentage(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    need_dejavu()
    room_name = "Grote zaal \u2013 “De Wĳk”"
    event = await build_event(client, _specs(), room_names=[room_name])
    room = event.rooms[0]
    r = await event.get(f"/api/rooms/{room['id']}/export.pdf")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    disposition = r.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Bewonersavond-Oost-Grote-zaal-De-Wijk-results.pdf"')
    assert "filename*=UTF-8''Bewonersavond%20Oost%20-%20Grote%20zaal%20%E2%80%93" in disposition
    assert r.content.startswith(b"%PDF-")

    pages = pdf_pages(r.content)
    text = squash("".join(pages))
    results = await event.results()
    for question, result in zip(event.questions, results["questions"], strict=True):
        _check_question(text, question, result)

    cover = squash(pages[0])
    for expected in ("Resultatenoverzicht", "Bewonersavond Oost", room_name, "Anneke de Vries"):
        assert squash(expected) in cover
    assert squash("7 Deelnemers") in cover
    responses = sum(q["response_count"] for q in results["questions"])
    assert squash(f"{responses} Antwoorden") in cover
    assert "Antwoordenindetijd" in cover  # the timeline
    assert "Pagina1van" in squash(pages[0]) and "Gemaakt" in cover
    # The question nobody answered says so (and still lists its options at 0).
    assert results["questions"][2]["response_count"] == 0
    assert "Geenantwoordenopdezevraag." in text
    assert "0antwoorden" in text
    assert "meerdereantwoordenmogelijk" in text  # the multi-select question says so

    # Not blank: every page carries ink; the cover carries a good deal of it.
    images = render_pages(r.content, tmp_path)
    assert len(images) == len(pages) >= 1
    shares = [ink_share(p) for p in images]
    assert shares[0] > 0.02, shares
    assert all(s > 0.005 for s in shares), shares


async def test_pdf_wraps_long_dutch_text_on_a4(client: httpx.AsyncClient) -> None:
    need_dejavu()
    long_prompt = " ".join([NL_PROMPT] * 5)[:1000]
    event = await build_event(client, [QuestionSpec(long_prompt, ["Één", "Twee €", "“Drie”"], votes=[[[0]]])])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(r.content))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert squash(long_prompt.strip()) in squash(text)
    assert max(len(line) for line in text.splitlines()) < 140  # wrapped, not run off the page


async def test_english_labels_for_an_english_presentation(client: httpx.AsyncClient) -> None:
    event = await build_event(
        client,
        [QuestionSpec("Coffee or tea?", ["Coffee", "Tea"], votes=[[[0], [0], [1]]])],
        title="All hands",
        language="en",
        room_names=["Main hall"],
    )
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    text = squash("".join(pdf_pages(r.content)))
    assert "Resultssummary" in text and "Participants" in text and "Page1of1" in text
    assert "Coffee2·67%" in text and "Tea1·33%" in text and "3responses" in text


async def test_presentation_pdf_combines_rooms_with_a_breakdown(client: httpx.AsyncClient) -> None:
    spec = QuestionSpec(
        "Welke sessie was het nuttigst?",
        ["Workshop A", "Workshop B", "Plenair"],
        votes=[[[0], [0], [1]], [[1], [2]], [[2], [2], [2], [0]]],
    )
    names = ["Breakout één", "Breakout twee", "Breakout drie"]
    event = await build_event(client, [spec], room_names=names)
    r = await event.get(f"/api/presentations/{event.presentation['id']}/export.pdf")
    assert r.status_code == 200, r.text
    assert 'filename="Bewonersavond-Oost-results.pdf"' in r.headers["content-disposition"]
    pages = pdf_pages(r.content)
    text = squash("".join(pages))
    question = event.questions[0]
    per_room = [await event.results(i) for i in range(3)]
    totals = {
        o["id"]: sum(res["questions"][0]["tally"]["counts"][o["id"]] for res in per_room)
        for o in question["options"]
    }
    assert sum(totals.values()) == 9
    # The combined chart: each label with the total count and percentage of all 9 responses.
    for option in question["options"]:
        assert squash(option["label"]) + figure(totals[option["id"]], 9) in text
    # The per-room breakdown: each room's own counts and percentages, then the total.
    assert "Alle zalen" in " ".join(pages) and "Perzaal" in text
    for option in question["options"]:
        row = (
            squash(option["label"])
            + "".join(
                figure(
                    res["questions"][0]["tally"]["counts"][option["id"]],
                    res["questions"][0]["response_count"],
                )
                for res in per_room
            )
            + figure(totals[option["id"]], 9)
        )
        assert row in text, row
    for name in names:
        assert squash(name) in squash(pages[0])  # the cover names every room
    assert "3Zalen" in squash(pages[0]) and "9Antwoorden" in squash(pages[0])


class _Listener:
    """A local TCP port that counts every connection: the PDF must never reach for it."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


async def test_markup_in_participant_visible_text_is_shown_literally(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    listener = _Listener()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    try:
        prompt = (
            f'<b>Vet</b> <font color="red" size="40">rood</font> '
            f'<img src="http://127.0.0.1:{listener.port}/x.png" width="300" height="300"/> '
            f'<img src="{secret}"/> &amp; <a href="http://127.0.0.1:{listener.port}/">link</a>'
        )
        label = f'<img src="http://127.0.0.1:{listener.port}/o.png"/>'
        event = await build_event(
            client, [QuestionSpec(prompt, [label, "<br/>gewoon & <i>schuin</i>"], votes=[[[0], [1]]])]
        )
        for url in (
            f"/api/rooms/{event.rooms[0]['id']}/export.pdf",
            f"/api/presentations/{event.presentation['id']}/export.pdf",
        ):
            r = await event.get(url)
            assert r.status_code == 200, r.text
            text = squash("".join(pdf_pages(r.content)))
            assert squash(prompt) in text  # every tag shown as typed, &amp; not turned into &
            assert squash(label) + "1·50%" in text
            assert squash("<br/>gewoon & <i>schuin</i>") in text
            from pypdf import PdfReader

            for page in PdfReader(io.BytesIO(r.content)).pages:
                xobjects = page.get("/Resources", {}).get("/XObject", {})
                assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
        await asyncio.sleep(0.3)
        assert listener.hits == 0
    finally:
        listener.close()


async def test_pdf_is_rendered_in_a_worker_thread(client: httpx.AsyncClient, monkeypatch: Any) -> None:
    from poll_service.exports import files

    seen: list[str] = []
    original = files._RENDERERS["pdf"]

    def spy(report: Any) -> bytes:
        seen.append(threading.current_thread().name)
        return original(report)

    monkeypatch.setitem(files._RENDERERS, "pdf", spy)
    event = await build_event(client, [QuestionSpec("Ja of nee?", ["Ja", "Nee"], votes=[[[0]]])])
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    assert r.status_code == 200
    assert seen and seen[0] != threading.main_thread().name and seen[0].startswith("poll-export")


async def test_a_presentation_without_rooms_or_questions_still_exports(client: httpx.AsyncClient) -> None:
    event = await build_event(client, [], room_names=[])
    pid = event.presentation["id"]
    for fmt in ("pdf", "csv", "xlsx"):
        r = await event.get(f"/api/presentations/{pid}/export.{fmt}")
        assert r.status_code == 200, (fmt, r.text)
    text = squash("".join(pdf_pages((await event.get(f"/api/presentations/{pid}/export.pdf")).content)))
    assert "Erzijngeenantwoordengegeven." in text and "Dezepresentatieheeftgeenvragen." in text
