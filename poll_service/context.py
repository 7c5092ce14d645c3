"""The per-process objects every request shares, built once by the app's lifespan."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from poll_service.ratelimit import RateLimiter
from poll_service.realtime.hub import Hub
from poll_service.realtime.live import LiveRooms
from poll_service.responses.writer import VoteWriter
from poll_service.security import ParticipantTokens
from poll_service.settings import Settings


@dataclass
class RateLimits:
    join_failures: RateLimiter
    joins: RateLimiter
    responses: RateLimiter
    logins_per_ip: RateLimiter
    logins_per_account: RateLimiter
    reactions: RateLimiter

    @classmethod
    def from_settings(cls, settings: Settings, redis: Any = None) -> "RateLimits":
        def limiter(name: str, limit: int, window: int, message: str) -> RateLimiter:
            return RateLimiter(name, limit, window, message, redis=redis)

        return cls(
            join_failures=limiter(
                "join-fail", settings.join_failures_per_minute, 60, "too many wrong codes; wait a minute"
            ),
            joins=limiter("join", settings.joins_per_ip_per_minute, 60, "too many joins from here"),
            responses=limiter(
                "vote", settings.responses_per_participant_per_10s, 10, "too many submissions; slow down"
            ),
            logins_per_ip=limiter(
                "login-ip", settings.logins_per_minute * 5, 60, "too many login attempts; wait a minute"
            ),
            logins_per_account=limiter(
                "login", settings.logins_per_minute, 60, "too many login attempts; wait a minute"
            ),
            reactions=limiter(
                "react", settings.reactions_per_participant_per_10s, 10, "easy on the reactions"
            ),
        )


@dataclass
class AppContext:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    hub: Hub
    rooms: LiveRooms
    writer: VoteWriter
    participant_tokens: ParticipantTokens
    limits: RateLimits
    started: float = field(default=0.0)
