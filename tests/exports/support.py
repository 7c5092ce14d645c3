"""An event as the API builds it: an organiser, a presentation with chosen questions, rooms, phones
that vote. Exports are then checked against GET /api/rooms/{rid}/results."""

import io
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from poll_service.exports.labels import Labels
from tests.helpers import Organiser, join

NL_PROMPT = (
    "Wat vindt u van de nieuwe ĳsbaan bij het café? De entree kost € 12,50 per persoon \u2013 "
    "is dat “redelijk” of te duur? Denk ook aan de gezinnen en de ouderen in de wijk, "
    "want die vinden één euro meer al een behoorlijk verschil."
)


@dataclass
class QuestionSpec:
    prompt: str
    labels: list[str]
    settings: dict[str, Any] = field(default_factory=dict)
    # Per room: one list of chosen label indexes per phone (None: that phone skips the question).
    votes: list[list[list[int] | None]] = field(default_factory=list)


@dataclass
class Event:
    organiser: Organiser
    presentation: dict[str, Any]
    rooms: list[dict[str, Any]]
    questions: list[dict[str, Any]]  # as the API returns them, in order

    async def results(self, room_index: int = 0) -> dict[str, Any]:
        r = await self.organiser.client.get(
            f"/api/rooms/{self.rooms[room_index]['id']}/results", headers=self.organiser.headers
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def get(self, url: str) -> httpx.Response:
        return await self.organiser.client.get(url, headers=self.organiser.headers)


async def build_event(
    client: httpx.AsyncClient,
    specs: list[QuestionSpec],
    *,
    title: str = "Bewonersavond Oost",
    language: str = "nl",
    room_names: list[str] | None = None,
    organiser_name: str = "Anneke de Vries",
) -> Event:
    organiser = await organiser_named(client, organiser_name)
    r = await organiser.post("/api/presentations", {"title": title, "language": language})
    assert r.status_code == 201, r.text
    presentation = r.json()
    for spec in specs:
        body: dict[str, Any] = {
            "type": "multiple_choice",
            "prompt": spec.prompt,
            "options": [{"label": label} for label in spec.labels],
        }
        if spec.settings:
            body["settings"] = spec.settings
        r = await organiser.post(f"/api/presentations/{presentation['id']}/questions", body)
        assert r.status_code == 201, r.text
    r = await client.get(f"/api/presentations/{presentation['id']}", headers=organiser.headers)
    presentation = r.json()
    questions = presentation["questions"]
    rooms = []
    for room_index, name in enumerate(room_names or ["Grote zaal"]):
        r = await organiser.post(f"/api/presentations/{presentation['id']}/rooms", {"name": name})
        assert r.status_code == 201, r.text
        room = r.json()
        rooms.append(room)
        phones_needed = max((len(s.votes[room_index]) for s in specs if room_index < len(s.votes)), default=0)
        phones = [await join(client, room["join_code"]) for _ in range(phones_needed)]
        for spec, question in zip(specs, questions, strict=True):
            if room_index >= len(spec.votes):
                continue
            r = await organiser.control(room["id"], "goto", question_id=question["id"])
            assert r.status_code == 200, r.text
            for phone, chosen in zip(phones, spec.votes[room_index], strict=False):
                if chosen is None:
                    continue
                ids = [question["options"][i]["id"] for i in chosen]
                r = await phone.vote(question["id"], ids)
                assert r.status_code == 201, r.text
    return Event(organiser, presentation, rooms, questions)


async def organiser_named(client: httpx.AsyncClient, display_name: str) -> Organiser:
    """An organiser whose display name may hold spaces and accents."""
    email = f"organiser-{uuid.uuid4().hex[:8]}@example.org"
    password = "correct horse battery"
    r = await client.post(
        "/api/auth/register", json={"email": email, "password": password, "display_name": display_name}
    )
    assert r.status_code == 201, r.text
    r = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    client.cookies.clear()
    return Organiser(client, r.json()["access_token"], email)


def squash(text: str) -> str:
    """Text without any whitespace: PDF text extraction breaks lines wherever the layout wrapped."""
    return re.sub(r"\s+", "", text)


def pdf_pages(body: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages]


def figure(count: int, total: int) -> str:
    """How the PDF and the presenter view write a count with its percentage."""
    return f"{count}·{round(100 * count / total) if total else 0}%"


def need_dejavu() -> None:
    """Dutch text needs a font with every glyph (the ĳ ligature): Debian's fonts-dejavu-core."""
    from poll_service.exports.pdf_fonts import fonts

    if fonts().regular != "Poll-DejaVuSans":
        pytest.skip("DejaVu Sans is missing (apt-get install fonts-dejavu-core); ĳ would print as ij")


def need_pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if path is None:
        pytest.skip("pdftoppm is missing (apt-get install poppler-utils)")
    return path


def render_pages(body: bytes, tmp_path: Path, dpi: int = 60) -> list[Path]:
    """Each page of the PDF as a PNG, made by poppler's pdftoppm."""
    pdftoppm = need_pdftoppm()
    source = tmp_path / "report.pdf"
    source.write_bytes(body)
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True, timeout=60
    )
    return sorted(tmp_path.glob("page-*.png"))


def ink_share(png: Path) -> float:
    """The share of pixels that are not (nearly) white."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    total = sum(histogram)
    return sum(histogram[:235]) / total


@dataclass
class TypedSpec:
    """A question of any type. Answers name options by index: `{"ratings": {0: 4, 1: None}}`,
    `{"order": [2, 0, 1]}`, `{"points": {0: 60, 1: 40}}`; word_cloud and open_text answers are sent
    as they are."""

    type: str
    prompt: str
    labels: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    # Per room: the submissions in the order they are sent, as (phone index, answer).
    answers: list[list[tuple[int, dict[str, Any]]]] = field(default_factory=list)


def resolve(answer: dict[str, Any], options: list[dict[str, Any]]) -> dict[str, Any]:
    ids = [o["id"] for o in options]
    if "ratings" in answer:
        return {"ratings": {ids[i]: v for i, v in answer["ratings"].items()}}
    if "order" in answer:
        return {"order": [ids[i] for i in answer["order"]]}
    if "points" in answer:
        return {"points": {ids[i]: v for i, v in answer["points"].items()}}
    return dict(answer)


async def build_typed_event(
    client: httpx.AsyncClient,
    specs: list[TypedSpec],
    *,
    title: str = "Bewonersavond Oost",
    language: str = "nl",
    room_names: list[str] | None = None,
) -> Event:
    organiser = await organiser_named(client, "Anneke de Vries")
    r = await organiser.post("/api/presentations", {"title": title, "language": language})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    for spec in specs:
        body: dict[str, Any] = {"type": spec.type, "prompt": spec.prompt}
        if spec.labels:
            body["options"] = [{"label": label} for label in spec.labels]
        if spec.settings:
            body["settings"] = spec.settings
        r = await organiser.post(f"/api/presentations/{pid}/questions", body)
        assert r.status_code == 201, r.text
    presentation = (await client.get(f"/api/presentations/{pid}", headers=organiser.headers)).json()
    questions = presentation["questions"]
    rooms = []
    for room_index, name in enumerate(room_names or ["Grote zaal"]):
        r = await organiser.post(f"/api/presentations/{pid}/rooms", {"name": name})
        assert r.status_code == 201, r.text
        room = r.json()
        rooms.append(room)
        sent = [s.answers[room_index] for s in specs if room_index < len(s.answers)]
        phones_needed = max((phone + 1 for answers in sent for phone, _ in answers), default=0)
        phones = [await join(client, room["join_code"]) for _ in range(phones_needed)]
        for spec, question in zip(specs, questions, strict=True):
            if room_index >= len(spec.answers):
                continue
            r = await organiser.control(room["id"], "goto", question_id=question["id"])
            assert r.status_code == 200, r.text
            for phone_index, answer in spec.answers[room_index]:
                phone = phones[phone_index]
                body = {"question_id": question["id"], **resolve(answer, question["options"])}
                r = await client.post(
                    f"/api/join/{room['join_code']}/responses", json=body, headers=phone.headers
                )
                assert r.status_code == 201, (spec.type, answer, r.text)
    return Event(organiser, presentation, rooms, questions)


def colour_share(png: Path) -> float:
    """The share of clearly coloured (not grey) pixels: charts and word clouds, not text."""
    from PIL import Image

    with Image.open(png) as image:
        hsv = image.convert("RGB").convert("HSV")
        saturation = hsv.getchannel("S").histogram()
    return sum(saturation[80:]) / sum(saturation)


def sections(text: str, questions: list[dict[str, Any]]) -> list[str]:
    """The PDF's text cut into one piece per question (from its prompt to the next prompt)."""
    starts, at = [], 0
    for question in questions:
        at = text.index(squash(question["prompt"]), at)
        starts.append(at)
    return [text[s:e] for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def mean_text(mean: float | None) -> str:
    """A mean as the Dutch PDF writes it: 3,50 (an en dash when nobody rated)."""
    return "\u2013" if mean is None else Labels("nl").decimal(mean)
