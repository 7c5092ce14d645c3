"""Times people read are local, with the zone named: the PDF's cover and timeline, the CSV's and
XLSX's time columns, the shared results page. The zone is the presentation's own
(`settings.time_zone`), else the server's POLL_TIME_ZONE (Europe/Amsterdam). An event that runs
across the end of summer time shows CEST before the change and CET after it."""

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from sqlalchemy import update
from sqlmodel import col

from poll_service.models import Response, Room
from poll_service.settings import Settings
from tests.exports.support import Event, TypedSpec, build_typed_event, pdf_pages, squash

# 25 October 2026: at 01:00 UTC (03:00 CEST) the Netherlands go back to 02:00 CET.
CHANGE = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


async def _event(client: httpx.AsyncClient, language: str = "nl") -> Event:
    return await build_typed_event(
        client,
        [
            TypedSpec(
                "open_text",
                "Hoe was de nacht?",
                settings={"max_length": 200},
                answers=[[(i, {"text": f"antwoord {i}"}) for i in range(4)]],
            )
        ],
        title="Nachtcollege",
        language=language,
    )


async def _move_in_time(app: FastAPI, event: Event, start: datetime, step: timedelta) -> None:
    """The room opened at `start`, its answers `step` apart after it (oldest first)."""
    context = app.state.context
    room_id = event.rooms[0]["id"]
    async with context.sessionmaker() as session, session.begin():
        await session.execute(update(Room).where(col(Room.id) == room_id).values(created_at=start))
        ids = (
            await session.scalars(
                Response.__table__.select()  # type: ignore[attr-defined]
                .with_only_columns(Response.__table__.c.id)  # type: ignore[attr-defined]
                .where(Response.__table__.c.room_id == room_id)  # type: ignore[attr-defined]
                .order_by(Response.__table__.c.created_at)  # type: ignore[attr-defined]
            )
        ).all()
        for n, response_id in enumerate(ids, start=1):
            await session.execute(
                update(Response).where(col(Response.id) == response_id).values(created_at=start + step * n)
            )


async def _csv_rows(event: Event) -> list[dict[str, str]]:
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.csv")
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


async def test_an_evening_in_the_netherlands_reads_in_local_time(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    event = await _event(client)
    # 20:00-23:04 on 24 November 2026 in Amsterdam (CET, UTC+1): 19:00-22:04 UTC.
    await _move_in_time(app, event, datetime(2026, 11, 24, 19, 0, tzinfo=UTC), timedelta(minutes=46))
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    assert r.status_code == 200
    cover = squash(pdf_pages(r.content)[0])
    assert "24november2026,20:00\u201323:04CET" in cover
    assert "TijdzoneEurope/Amsterdam" in cover
    assert "UTC" not in cover.replace("UTC-", "")
    rows = await _csv_rows(event)
    first = rows[0]
    # The contract's column stays UTC; the local one says the same moment with its offset.
    assert first["answered_at"] == "2026-11-24T19:46:00.000Z"
    assert first["answered_at_local"] == "2026-11-24T20:46:00.000+01:00"
    assert first["time_zone"] == "Europe/Amsterdam"
    for row in rows:
        assert datetime.fromisoformat(row["answered_at_local"]) == datetime.fromisoformat(row["answered_at"])


async def test_an_event_across_the_end_of_summer_time(client: httpx.AsyncClient, app: FastAPI) -> None:
    event = await _event(client)
    # Opened 02:30 CEST (00:30 UTC); answers at 00:50, 01:10, 01:30, 01:50 UTC = 02:50 CEST,
    # 02:10 CET, 02:30 CET, 02:50 CET: the clock goes back in the middle.
    await _move_in_time(app, event, CHANGE - timedelta(minutes=30), timedelta(minutes=20))
    rows = await _csv_rows(event)
    local = [row["answered_at_local"] for row in rows]
    assert local == [
        "2026-10-25T02:50:00.000+02:00",
        "2026-10-25T02:10:00.000+01:00",
        "2026-10-25T02:30:00.000+01:00",
        "2026-10-25T02:50:00.000+01:00",
    ]
    # Local clock times repeat, the moments do not: the offset keeps them apart and in order.
    moments = [datetime.fromisoformat(t) for t in local]
    assert moments == sorted(moments) and len(set(moments)) == 4
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    cover = squash(pdf_pages(r.content)[0])
    assert "25oktober2026,02:30CEST\u201302:50CET" in cover
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.xlsx")
    sheet = load_workbook(io.BytesIO(r.content))["Antwoorden"]
    header = [c.value for c in sheet[1]]
    assert "Beantwoord om (Europe/Amsterdam)" in header
    when = header.index("Beantwoord om (Europe/Amsterdam)")
    iso = header.index("Beantwoord om (ISO 8601, met UTC-verschil)")
    cells = [(row[when].value, row[iso].value) for row in sheet.iter_rows(min_row=2)]
    assert [c[0] for c in cells] == [
        datetime(2026, 10, 25, 2, 50),
        datetime(2026, 10, 25, 2, 10),
        datetime(2026, 10, 25, 2, 30),
        datetime(2026, 10, 25, 2, 50),
    ]
    assert [c[1] for c in cells] == local


async def test_a_presentation_zone_wins_and_bad_zones_are_422(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    event = await _event(client, language="en")
    pid = event.presentation["id"]
    await _move_in_time(app, event, datetime(2026, 11, 24, 19, 0, tzinfo=UTC), timedelta(minutes=1))
    for bad in ("Mars/Olympus", "../../etc/passwd", "", "x" * 80, 5):
        r = await event.organiser.client.patch(
            f"/api/presentations/{pid}",
            json={"settings": {"time_zone": bad}},
            headers=event.organiser.headers,
        )
        assert r.status_code == 422, (bad, r.text)
    r = await event.organiser.client.patch(
        f"/api/presentations/{pid}",
        json={"settings": {"time_zone": "America/New_York"}},
        headers=event.organiser.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["time_zone"] == "America/New_York"
    rows = await _csv_rows(event)
    assert rows[0]["answered_at_local"] == "2026-11-24T14:01:00.000-05:00"
    assert rows[0]["time_zone"] == "America/New_York"
    r = await event.get(f"/api/rooms/{event.rooms[0]['id']}/export.pdf")
    cover = squash(pdf_pages(r.content)[0])
    assert "24November2026,14:00\u201314:04EST" in cover
    # The shared page and its JSON say the same.
    r = await event.organiser.post(f"/api/rooms/{event.rooms[0]['id']}/share", {})
    url = r.json()["url"].replace("http://testserver", "")
    page = (await client.get(url)).text
    assert "24 November 2026, 14:00\u201314:04 EST" in page and "America/New_York" in page
    assert (await client.get(url + ".json")).json()["time_zone"] == "America/New_York"
    # The organiser's own results page names the room's start in that zone too.
    client.cookies.set("poll_session", event.organiser.token)
    page = (await client.get(f"/rooms/{event.rooms[0]['id']}/results")).text
    client.cookies.clear()
    assert ">2026-11-24 14:00 EST</time>" in page
    # null gives the zone back to the server's default.
    r = await event.organiser.client.patch(
        f"/api/presentations/{pid}", json={"settings": {"time_zone": None}}, headers=event.organiser.headers
    )
    assert r.status_code == 200
    assert (await _csv_rows(event))[0]["time_zone"] == "Europe/Amsterdam"


def test_the_server_zone_is_checked_at_start(settings: Settings) -> None:
    values: dict[str, Any] = settings.model_dump()
    assert values["time_zone"] == "Europe/Amsterdam"
    with pytest.raises(ValueError, match="POLL_TIME_ZONE"):
        Settings(**{**values, "time_zone": "Europe/Atlantis"})
    assert Settings(**{**values, "time_zone": "UTC"}).time_zone == "UTC"
