"""`python -m bench.pdf_bench`: how long the exports of a big event take.

A 30-question room with 10,000 responses (and the same responses spread over a presentation of five
rooms) is written straight into a temporary SQLite database with Core bulk inserts; then the report
is read and every format rendered a few times. Target: the room's PDF in under 3 s, end to end.
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from poll_service.db import create_engine, create_sessionmaker, upgrade_database
from poll_service.exports.files import FORMATS, render, render_off_loop
from poll_service.exports.report import Report, presentation_report, room_report
from poll_service.ids import new_id
from poll_service.models import Participant, Presentation, Question, Response, Room, User
from poll_service.settings import Settings

TARGET_SECONDS = 3.0
WORDS = [
    *("wijk", "bewoners", "café", "ĳsbaan", "gemeente", "“samen”", "plein", "fietsers", "ouderen"),
    *("kinderen", "budget", "€", "groen", "parkeren", "verlichting", "veiligheid", "markt", "bibliotheek"),
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _build(url: str, questions: int, responses: int, rooms: int, seed: int) -> tuple[str, list[str]]:
    """The event, inserted in bulk. Returns the presentation id and the room ids."""
    from sqlalchemy import create_engine as create_sync_engine

    rng = random.Random(seed)
    start = datetime(2026, 11, 24, 19, 30, tzinfo=UTC)
    user_id, presentation_id = new_id(), new_id()
    question_rows: list[dict[str, Any]] = []
    for position in range(questions):
        options = [
            {"id": new_id(), "label": _sentence(rng, rng.randint(1, 6))} for _ in range(rng.randint(3, 6))
        ]
        settings = {
            "multi_select": position % 5 == 4,
            "max_choices": 2 if position % 5 == 4 else 1,
            "allow_change": True,
            "chart": "donut" if position % 7 == 3 else "bars",
        }
        question_rows.append(
            {
                "id": new_id(),
                "presentation_id": presentation_id,
                "position": position,
                "type": "multiple_choice",
                "prompt": f"{_sentence(rng, rng.randint(8, 30))}?",
                "options": options,
                "settings": settings,
            }
        )
    room_ids = [new_id() for _ in range(rooms)]
    per_participant = questions
    participants = -(-responses // per_participant)
    participant_rows = [
        {"id": new_id(), "room_id": room_ids[i % rooms], "created_at": start + timedelta(seconds=i)}
        for i in range(participants)
    ]
    response_rows: list[dict[str, Any]] = []
    for p_index, participant in enumerate(participant_rows):
        for q_index, question in enumerate(question_rows):
            if len(response_rows) == responses:
                break
            options = question["options"]
            weights = [len(options) - i for i in range(len(options))]
            count = 2 if question["settings"]["multi_select"] and rng.random() < 0.5 else 1
            chosen = list(dict.fromkeys(rng.choices([o["id"] for o in options], weights, k=count)))
            moment = start + timedelta(minutes=2 * q_index, seconds=rng.randint(0, 110) + p_index % 7)
            response_rows.append(
                {
                    "id": new_id(),
                    "room_id": participant["room_id"],
                    "question_id": question["id"],
                    "participant_id": participant["id"],
                    "slot": 0,
                    "answer": {"choice_ids": chosen},
                    "created_at": moment,
                }
            )
    engine = create_sync_engine(url.replace("+aiosqlite", ""))
    with engine.begin() as conn:
        conn.execute(
            insert(User),
            [
                {
                    "id": user_id,
                    "email": "bench@example.org",
                    "password_hash": "-",
                    "display_name": "Bench Organiser",
                    "created_at": start,
                }
            ],
        )
        conn.execute(
            insert(Presentation),
            [
                {
                    "id": presentation_id,
                    "owner_id": user_id,
                    "title": "Bewonersavond Oost: benchmark",
                    "language": "nl",
                    "created_at": start,
                }
            ],
        )
        conn.execute(insert(Question), question_rows)
        conn.execute(
            insert(Room),
            [
                {
                    "id": room_id,
                    "presentation_id": presentation_id,
                    "owner_id": user_id,
                    "name": f"Zaal {n + 1}",
                    "join_code": f"{10000000 + n}",
                    "status": "ended",
                    "locked": False,
                    "current_question_id": None,
                    "voting_open": False,
                    "results_visible": True,
                    "created_at": start,
                    "ended_at": start + timedelta(minutes=2 * questions + 5),
                }
                for n, room_id in enumerate(room_ids)
            ],
        )
        conn.execute(insert(Participant), participant_rows)
        conn.execute(insert(Response), response_rows)
    engine.dispose()
    return presentation_id, room_ids


async def _read_and_render(
    url: str, subject: type[Any], subject_id: str, repeat: int
) -> tuple[list[float], list[float], Report]:
    """As the app does it: one engine, the report read on the event loop, the PDF in a worker thread."""
    engine = create_engine(Settings(database_url=url, secret_key="b" * 40))
    sessionmaker = create_sessionmaker(engine)
    reads: list[float] = []
    end_to_end: list[float] = []
    report: Report | None = None
    try:
        for _ in range(repeat):
            began = time.perf_counter()
            async with sessionmaker() as session:
                found = await session.get(subject, subject_id)
                if isinstance(found, Room):
                    report = await room_report(session, found)
                else:
                    assert isinstance(found, Presentation)
                    report = await presentation_report(session, found)
            reads.append(time.perf_counter() - began)
            await render_off_loop(report, "pdf")
            end_to_end.append(time.perf_counter() - began)
    finally:
        await engine.dispose()
    assert report is not None
    return reads, end_to_end, report


def _time(fn: Callable[[], bytes], repeat: int) -> tuple[list[float], bytes]:
    timings, result = [], b""
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - began)
    return timings, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_bench", description=__doc__)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the room's PDF here, to look at")
    args = parser.parse_args(argv)

    rows: list[tuple[str, list[float], str]] = []
    failures = []
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        for label, rooms in (("room", 1), ("presentation, 5 rooms", 5)):
            url = f"sqlite+aiosqlite:///{tmp}/{rooms}.db"
            upgrade_database(url)
            began = time.perf_counter()
            presentation_id, room_ids = _build(url, args.questions, args.responses, rooms, seed=rooms)
            build = [time.perf_counter() - began]
            subject: tuple[type[Any], str] = (
                (Room, room_ids[0]) if rooms == 1 else (Presentation, presentation_id)
            )
            reads, end_to_end, report = asyncio.run(_read_and_render(url, *subject, args.repeat))
            rows.append((f"{label}: build data (bulk insert)", build, f"{report.response_count:,} responses"))
            rows.append((f"{label}: read report", reads, f"{len(report.questions)} questions"))
            for fmt in FORMATS:
                timings, body = _time(partial(render, report, fmt), args.repeat)
                notes = f"{len(body) / 1024:,.0f} KiB"
                if fmt == "pdf":
                    pages = body.count(b"/Type /Page") - body.count(b"/Type /Pages")
                    notes += f", {pages} pages"
                    if rooms == 1 and args.keep:
                        args.keep.write_bytes(body)
                rows.append((f"{label}: render {fmt}", timings, notes))
            rows.append(
                (
                    f"{label}: PDF end to end",
                    end_to_end,
                    f"read + render off the loop; target < {TARGET_SECONDS:g} s",
                )
            )
            if statistics.median(end_to_end) > TARGET_SECONDS:
                failures.append(
                    f"{label}: PDF end to end {statistics.median(end_to_end):.2f} s > {TARGET_SECONDS} s"
                )

    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'median':>9}  {'best':>9}  notes")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 9}  -----")
    for name, timings, notes in rows:
        print(f"{name.ljust(width)}  {statistics.median(timings):>8.3f}s  {min(timings):>8.3f}s  {notes}")
    for failure in failures:
        print(f"SLOW: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
