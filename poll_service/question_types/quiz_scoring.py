"""Pure quiz arithmetic: is an answer right, how many points it earns, and the leaderboard.

No I/O: the live room, the API and the exports all call these, and the tests hold the live
leaderboard to a recount of the stored responses."""

import re
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


def answer_score(right: bool, settings: Mapping[str, Any], *, elapsed_s: float | None, limit_s: float) -> int:
    """Points for one answer: 0 when wrong; with `speed_bonus` and a known start, scaled by speed."""
    if not right:
        return 0
    points = int(settings.get("points", 1000))
    if not settings.get("speed_bonus", True) or elapsed_s is None:
        return points
    return speed_points(points, elapsed_s, limit_s)


def answer_time_ms(elapsed_s: float | None) -> int | None:
    """How long an answer took, as stored with its score (None where no clock runs: self-paced)."""
    return None if elapsed_s is None else max(0, round(elapsed_s * 1000))


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """ "Player 2" before "Player 10": digit runs compare as numbers."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in _DIGITS.split(name.casefold()))


_DIGITS = re.compile(r"(\d+)")


def leaderboard(
    scores: Iterable[tuple[str, int, int | None]], nicknames: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    """Totals per participant from (participant_id, score, time_ms) triples, best first: the higher
    score, then the less time spent on the answers that scored (the faster player). Players equal
    in both share a rank ("1, 2, 2, 4") and are listed by nickname (Player 2 before Player 10),
    then id, so the order never depends on luck. `answered` counts every answer, `time_ms` only
    the scoring ones (None when none of them was timed)."""
    totals: dict[str, int] = {}
    answered: dict[str, int] = {}
    times: dict[str, int | None] = {}
    for participant_id, score, time_ms in scores:
        points = int(score or 0)
        totals[participant_id] = totals.get(participant_id, 0) + points
        answered[participant_id] = answered.get(participant_id, 0) + 1
        times.setdefault(participant_id, None)
        if points > 0 and time_ms is not None:
            times[participant_id] = (times[participant_id] or 0) + int(time_ms)

    def standing(p: str) -> tuple[int, float]:
        spent = times[p]
        return (-totals[p], float("inf") if spent is None else spent)

    order = sorted(totals, key=lambda p: (standing(p), _natural(nicknames.get(p) or ""), p))
    entries: list[dict[str, Any]] = []
    previous: tuple[int, float] | None = None
    for index, participant_id in enumerate(order):
        rank = entries[-1]["rank"] if previous == standing(participant_id) else index + 1
        previous = standing(participant_id)
        entries.append(
            {
                "rank": rank,
                "participant_id": participant_id,
                "nickname": nicknames.get(participant_id) or "",
                "score": totals[participant_id],
                "answered": answered[participant_id],
                "time_ms": times[participant_id],
            }
        )
    return entries


def scoring_entries(board: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The players with points: what a screen or a handout ranks (no rows of 0-point players)."""
    return [entry for entry in board if entry["score"] > 0]
