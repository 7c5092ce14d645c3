"""Applying one presenter control to a room, in one unit of work.

The room's state machine (rooms/service.apply_action), the quiz controls and clock
(quiz/actions.py) and an anonymous room's unlinking (privacy/anonymity.py) change the row in one
commit; then every worker hears of it, this one first (a vote right after "close voting" is
refused here at once)."""

from functools import partial
from typing import Any

from poll_service.context import AppContext
from poll_service.control.webhook_events import queue_control_events
from poll_service.models import Room, User
from poll_service.privacy.anonymity import anonymise_closed_questions
from poll_service.quiz import actions as play
from poll_service.rooms.service import apply_action, owned_room, record_in_audit, room_with_count
from poll_service.workspaces.access import RUN


async def control_room(
    context: AppContext,
    user: User,
    room_id: str,
    action: str,
    *,
    question_id: str | None,
    seconds: int | None,
    base_url: str,
) -> dict[str, Any]:
    """The room as it is after the control (RoomPublic)."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        before = play.RoomBefore.of(room)
        was_live = room.status == "live"
        reset_question: str | None = None
        if action in play.PLAY_ACTIONS:
            await play.apply_play_action(work.session, room, action, seconds)
        else:
            reset_question = await apply_action(work.session, room, action, question_id)
        play.follow_up(room, before, action)  # the quiz clock and leaderboard follow
        if was_live and room.status == "ended":
            await record_in_audit(work.session, user, room, "room.end")
        await work.session.flush()
        if await queue_control_events(
            work.session, room, before, was_live=was_live, time_zone=context.settings.time_zone
        ):
            work.after_commit(context.webhooks.wake_after_commit)
        public = await room_with_count(work.session, room, base_url)
        if reset_question is not None:
            work.publish(room.id, "reset", question_id=reset_question)
        work.after_commit(partial(_follow_here, context, room, public, base_url))
        # Every worker, this one included, then re-reads the committed room.
        work.publish(room.id, "room_changed")
        # Anonymous room: answers to a question whose voting closed lose their participant now.
        if await anonymise_closed_questions(work.session, room):
            work.publish(room.id, "reload")
    return public


async def _follow_here(context: AppContext, room: Room, public: dict[str, Any], base_url: str) -> None:
    if room.countdown_ends_at is not None:
        await context.rooms.get(room.id, base_url)  # this worker then watches the deadline too
    live = context.rooms.loaded(room.id)
    if live is not None:
        context.rooms.follow_committed(live, public)
