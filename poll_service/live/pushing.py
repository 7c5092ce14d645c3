"""Turning a live room's state into messages for its screens and phones.

Results go out on the clock (live/clock.py): at most `results_push_hz` per room, only when
something changed, serialised once and handed to every socket's outbox. States go out when the
room changes. Most phones share one serialised text; only those whose view is their own (they
answered, or have a row on the leaderboard) get one of their own.
"""

import time

from poll_service.ids import utcnow
from poll_service.live.state import LiveRoom
from poll_service.quiz import rules as play
from poll_service.realtime.messages import dumps
from poll_service.realtime.sender import EXTRA
from poll_service.rooms.rules import AUDIENCE, pacing


def state_text(room: LiveRoom, participant_id: str | None) -> str:
    """The state snapshot one socket gets: the presenter's room, or a phone's own view of it."""
    if participant_id is None:
        return dumps({"type": "state", "seq": room.seq, "room": room.snapshot()})
    return dumps({"type": "state", "seq": room.seq, "state": room.participant_state(participant_id)})


def push_state(room: LiveRoom) -> None:
    room.seq += 1
    presenter_text = state_text(room, None)
    for sender in room.presenters:
        sender.push_state(presenter_text)
    if not room.audience:
        return
    shared = dumps({"type": "state", "seq": room.seq, "state": room.participant_state(None)})
    answered = play.personal_ids(room)  # phones whose state is their own
    for participant_id, senders in room.audience.items():
        # Most phones have not answered the new question: they share one serialised text.
        text = shared
        if participant_id in answered:
            text = state_text(room, participant_id)
        for sender in senders:
            sender.push_state(text)
    push_leaderboard(room)


def push_own_states(room: LiveRoom) -> None:
    """Each participant whose answer changed gets their own state on all their sockets here (the
    tab that voted already shows it; their other tabs and devices now do too)."""
    due, room.own_state_due = room.own_state_due, set()
    for participant_id in due:
        senders = room.audience.get(participant_id)
        if senders:
            text = state_text(room, participant_id)
            for sender in senders:
                sender.push_state(text)


def push_leaderboard(room: LiveRoom) -> None:
    """While the leaderboard is shown, every socket also gets a `leaderboard` message: the screen
    the top rows, each phone the top plus its own row."""
    if not play.leaderboard_mode(room.room):
        return
    now = utcnow()
    screen = play.leaderboard_view(room, None, now, play.SCREEN_TOP)
    text = dumps({"type": "leaderboard", "seq": room.seq, **screen})
    for sender in room.presenters:
        sender.push(EXTRA, text)
    if not room.audience:
        return
    shared = dumps(
        {"type": "leaderboard", "seq": room.seq, **play.leaderboard_view(room, None, now, play.PHONE_TOP)}
    )
    _board, by_id = play.live_leaderboard(room, now)
    for participant_id, senders in room.audience.items():
        own = shared
        if participant_id in by_id:
            view = play.leaderboard_view(room, participant_id, now, play.PHONE_TOP)
            own = dumps({"type": "leaderboard", "seq": room.seq, **view})
        for sender in senders:
            sender.push(EXTRA, own)


def results_text(room: LiveRoom) -> str | None:
    question = room.current_question
    if question is None:
        return None
    room.seq += 1
    message = {
        "type": "results",
        "seq": room.seq,
        "participant_count": len(room.participants),
        "result": room.question_result(question),
    }
    if pacing(room.room) == AUDIENCE:
        message["progress"] = play.survey_progress(room)
    return dumps(message)


def push_reactions(room: LiveRoom) -> None:
    text = dumps({"type": "reactions", "seq": room.seq, "counts": dict(room.reactions_in)})
    room.reactions_in.clear()
    for sender in room.presenters:
        sender.push(EXTRA, text)


def push_results_to_newcomers(room: LiveRoom) -> None:
    newcomers, room.newcomers = room.newcomers, set()
    room.last_greeting = time.monotonic()
    text = results_text(room)
    if text is None:
        return  # no question on screen: their state snapshot said all there is
    audience_text = play.audience_results_text(room, text)
    for sender in newcomers:
        if sender.closed:
            continue
        if sender in room.presenters:
            sender.push_results(text)
        elif audience_text is not None:
            sender.push_results(audience_text)


def push_results(room: LiveRoom) -> None:
    room.results_dirty = False
    room.newcomers.clear()  # everyone gets this push
    room.last_results_push = time.monotonic()
    text = results_text(room)
    if text is None:
        # No question on screen: the presenter still sees the audience arrive.
        presenter_text = state_text(room, None)
        for sender in room.presenters:
            sender.push_state(presenter_text)
        return
    for sender in room.presenters:
        sender.push_results(text)
    audience_text = play.audience_results_text(room, text)  # hidden results, quiz answers
    if audience_text is not None:
        for senders in room.audience.values():
            for sender in senders:
                sender.push_results(audience_text)
