"""The scenarios by name, in the order they run."""

from collections.abc import Awaitable, Callable

from bench.auth_storm import auth_storm
from bench.capacity import capacity
from bench.context import FULL, SMOKE, Ctx, Sizes
from bench.http_votes import http_votes
from bench.large_room import large_room
from bench.live_room import live_room
from bench.quiz_burst import quiz_burst
from bench.report import ScenarioResult

# A scenario fills in the result it is given (so a failure half-way keeps what was measured).
Scenario = Callable[[Ctx, ScenarioResult], Awaitable[None]]

SCENARIOS: dict[str, Scenario] = {
    "live-room": live_room,
    "large-room": large_room,
    "http-votes": http_votes,
    "auth-storm": auth_storm,
    "quiz-burst": quiz_burst,
    "capacity": capacity,
}

__all__ = ["FULL", "SCENARIOS", "SMOKE", "Ctx", "Scenario", "Sizes"]
