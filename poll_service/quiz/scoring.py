"""Pure quiz arithmetic: is an answer right, how many points it earns, and the leaderboard.

No I/O: the live room, the API and the exports all call these, and the tests hold the live
leaderboard to a recount of the stored responses."""

from collections.abc import Iterable, Mapping
from typing import Any

# Full points for an answer within this many seconds of voting opening...
FULL_POINTS_WITHIN_S = 0.5
# ...falling linearly to this share of the points at the deadline.
SHARE_AT_DEADLINE = 0.5
PODIUM = 3


def correct_ids(options: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(o["id"]) for o in options if o.get("correct")]


def is_correct(options: list[dict[str, Any]], settings: Mapping[str, Any], choice_ids: Iterable[str]) -> bool:
    """Single choice: any option marked correct is right. Multi-select: exactly the correct set."""
    right = set(correct_ids(options))
    chosen = set(choice_ids)
    if not right or not chosen:
        return False
    if settings.get("multi_select"):
        return chosen == right
    return len(chosen) == 1 and chosen <= right


def speed_points(points: int, elapsed_s: float, limit_s: float) -> int:
    """`points` within the first half second, then linearly down to half of them at `limit_s`
    (and half after it: a late answer that still got in is never worth less)."""
    if elapsed_s <= FULL_POINTS_WITHIN_S or limit_s <= FULL_POINTS_WITHIN_S:
        return points
    late = min(1.0, (elapsed_s - FULL_POINTS_WITHIN_S) / (limit_s - FULL_POINTS_WITHIN_S))
    return round(points * (1.0 - (1.0 - SHARE_AT_DEADLINE) * late))


def answer_score(
    options: list[dict[str, Any]],
    settings: Mapping[str, Any],
    choice_ids: Iterable[str],
    *,
    elapsed_s: float | None,
    limit_s: float,
) -> int:
    """Points for one answer: 0 when wrong; with `speed_bonus` and a known start, scaled by speed."""
    if not is_correct(options, settings, choice_ids):
        return 0
    points = int(settings.get("points", 1000))
    if not settings.get("speed_bonus", True) or elapsed_s is None:
        return points
    return speed_points(points, elapsed_s, limit_s)


def leaderboard(
    scores: Iterable[tuple[str, int]], nicknames: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    """Totals per participant from (participant_id, score) pairs, best first. Equal totals share a
    rank ("1, 2, 2, 4") and are listed by nickname, then id, so the order never depends on luck."""
    totals: dict[str, int] = {}
    answered: dict[str, int] = {}
    for participant_id, score in scores:
        totals[participant_id] = totals.get(participant_id, 0) + int(score or 0)
        answered[participant_id] = answered.get(participant_id, 0) + 1
    order = sorted(totals, key=lambda p: (-totals[p], (nicknames.get(p) or "").casefold(), p))
    entries: list[dict[str, Any]] = []
    for index, participant_id in enumerate(order):
        rank = index + 1
        if entries and entries[-1]["score"] == totals[participant_id]:
            rank = entries[-1]["rank"]
        entries.append(
            {
                "rank": rank,
                "participant_id": participant_id,
                "nickname": nicknames.get(participant_id) or "",
                "score": totals[participant_id],
                "answered": answered[participant_id],
            }
        )
    return entries
