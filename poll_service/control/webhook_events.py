"""The webhook events a presenter control causes, queued in its unit of work: voting on a question
opened or closed, the room ended, and at the end the room's summary (its results as the shared
results page shows them: totals and tallies, no participant's identity)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.exports.report import room_report
from poll_service.exports.web import results_json
from poll_service.models import Question, Room
from poll_service.quiz.actions import RoomBefore
from poll_service.rooms.service import participant_count
from poll_service.webhooks import outbox


async def queue_control_events(
    session: AsyncSession, room: Room, before: RoomBefore, *, was_live: bool, time_zone: str
) -> bool:
    """Queue the events of the change from `before` to `room`; whether any was queued."""
    queued = False
    moved = before.current_question_id != room.current_question_id
    if before.voting_open and before.current_question_id and (moved or not room.voting_open):
        queued |= await _question_event(session, room, "question.closed", before.current_question_id)
    if room.voting_open and room.current_question_id and (moved or not before.voting_open):
        queued |= await _question_event(session, room, "question.opened", room.current_question_id)
    if was_live and room.status == "ended":
        queued |= await _ended(session, room, time_zone)
    return queued


async def _question_event(session: AsyncSession, room: Room, event: str, question_id: str) -> bool:
    question = await session.get(Question, question_id)
    if question is None:
        return False
    return await outbox.record(session, room, event, {"question": outbox.question_fields(question)})


async def _ended(session: AsyncSession, room: Room, time_zone: str) -> bool:
    totals: dict[str, Any] = {"participant_count": await participant_count(session, room.id)}
    queued = await outbox.record(session, room, "room.ended", totals)
    summary = await outbox.subscribed(session, room, "room.summary")
    if summary:  # the report is read only when someone wants it
        results = results_json(await room_report(session, room, time_zone))
        outbox.queue(session, summary, "room.summary", {"room": outbox.room_fields(room), "results": results})
    return queued or bool(summary)
