"""Organiser routes: remove a participant (or a burst of them), list participants, the flood
meter, delete a room."""

from typing import Annotated

from fastapi import APIRouter, Query

from poll_service.context import AppContext
from poll_service.deps import ContextDep, CurrentOrganiser
from poll_service.ids import iso
from poll_service.privacy import bursts, service
from poll_service.privacy.schemas import (
    BurstRemoved,
    FloodStats,
    JoinBurst,
    JoinBursts,
    ParticipantList,
    ParticipantPublic,
)
from poll_service.rooms.service import owned_room
from poll_service.unit_of_work import UnitOfWork
from poll_service.workspaces.access import EDIT, RUN

router = APIRouter(tags=["privacy"])


@router.get("/api/rooms/{room_id}/participants")
async def list_participants(
    room_id: str,
    user: CurrentOrganiser,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=service.PARTICIPANT_PAGE_MAX)] = 500,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ParticipantList:
    """Everyone who joined, newest first: id, nickname and how many answers they gave."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
        total, rows = await service.list_participants(session, room, limit, offset)
    return ParticipantList(total=total, participants=[ParticipantPublic(**vars(r)) for r in rows])


@router.delete("/api/rooms/{room_id}/participants/{participant_id}", status_code=204)
async def remove_participant(
    room_id: str, participant_id: str, user: CurrentOrganiser, context: ContextDep
) -> None:
    """Their answers leave the results at once on every worker; their token can no longer vote,
    open a socket or join this room again."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        await service.remove_participant(work.session, room, participant_id)
        _removed(work, context, room.id, [participant_id[:64]])


def _removed(work: UnitOfWork, context: AppContext, room_id: str, participant_ids: list[str]) -> None:
    async def refuse_here() -> None:  # this worker refuses them at once, before the reload comes round
        live = context.rooms.loaded(room_id)
        if live is not None:
            live.participants.difference_update(participant_ids)

    work.after_commit(refuse_here)
    work.publish(room_id, "reload")
    work.publish(room_id, "qna")


@router.get("/api/rooms/{room_id}/join-bursts")
async def join_bursts(room_id: str, user: CurrentOrganiser, context: ContextDep) -> JoinBursts:
    """Groups of participants who joined from one address (at least five, largest first): an
    address is never shown or stored, only a keyed hash of it per room."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
        found = await bursts.room_bursts(session, room)
    return JoinBursts(
        bursts=[
            JoinBurst(source=b.source, participants=b.participants, last_joined_at=iso(b.last_joined))
            for b in found
        ]
    )


@router.post("/api/rooms/{room_id}/join-bursts/{source}/remove")
async def remove_join_burst(
    room_id: str, source: str, user: CurrentOrganiser, context: ContextDep
) -> BurstRemoved:
    """Remove every participant who joined from that address, as one removal each."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=RUN)
        removed = await bursts.remove_burst(work.session, room, source)
        _removed(work, context, room.id, removed)
    return BurstRemoved(removed=len(removed))


@router.get("/api/rooms/{room_id}/flood")
async def flood_stats(room_id: str, user: CurrentOrganiser, context: ContextDep) -> FloodStats:
    """Requests from this room's audience that rate limits refused in the last minute."""
    async with context.sessionmaker() as session:
        room = await owned_room(session, user, room_id, need=RUN)
    refused = await context.flood.refused_last_minute(room.id)
    threshold = context.flood.warning_per_minute
    return FloodStats(refused_last_minute=refused, threshold=threshold, warning=refused >= threshold)


@router.delete("/api/rooms/{room_id}", status_code=204)
async def delete_room(room_id: str, user: CurrentOrganiser, context: ContextDep) -> None:
    """The room and everything in it (participants, answers, Q&A, share link) are deleted; its
    screens and phones are told the room has ended."""
    async with context.unit_of_work() as work:
        room = await owned_room(work.session, user, room_id, need=EDIT)  # deleting data: an editor's
        await work.session.delete(room)
        # Every worker re-reads the room, finds it gone and pushes the ended state to its sockets.
        work.publish(room.id, "room_changed")
