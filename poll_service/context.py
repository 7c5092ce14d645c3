"""The per-process objects every request shares, built once by the app's lifespan."""

import asyncio
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from poll_service.db import DatabaseProbe
from poll_service.live.clock import ResultsClock
from poll_service.live.registry import LiveRooms
from poll_service.media.pdf_pages import RenderGate
from poll_service.privacy.flood import FloodMeter
from poll_service.quiz.naming import PlayerNamer
from poll_service.ratelimit import RateLimiter
from poll_service.realtime.hub import Hub
from poll_service.responses.writer import VoteWriter
from poll_service.security import DeviceCookies, ParticipantTokens, PasswordHashing
from poll_service.settings import Settings
from poll_service.sockets.access_watch import AccessWatch
from poll_service.unit_of_work import UnitOfWork, unit_of_work
from poll_service.webhooks.sender import WebhookSender


@dataclass
class RateLimits:
    join_failures: RateLimiter
    joins: RateLimiter
    join_bursts: RateLimiter
    responses: RateLimiter
    logins_per_ip: RateLimiter
    logins_per_account: RateLimiter
    logins_per_device: RateLimiter
    registrations_per_ip: RateLimiter
    registrations: RateLimiter
    reactions: RateLimiter
    qna_questions: RateLimiter
    qna_upvotes: RateLimiter
    deck_writes: RateLimiter
    sso_callbacks: RateLimiter
    api_tokens: RateLimiter
    media_uploads: RateLimiter
    invitations: RateLimiter
    webhook_changes: RateLimiter
    admin_actions: RateLimiter

    @classmethod
    def from_settings(cls, settings: Settings, redis: Any = None) -> "RateLimits":
        def limiter(name: str, limit: int, window: int, message: str, hot: bool = False) -> RateLimiter:
            # A hot path's limit (every vote, join, reaction) is shared once per Redis round trip.
            return RateLimiter(name, limit, window, message, redis=redis, batched=hot)

        return cls(
            join_failures=limiter(
                "join-fail", settings.join_failures_per_minute, 60, "too many wrong codes; wait a minute"
            ),
            joins=limiter("join", settings.joins_per_ip_per_minute, 60, "too many joins from here", hot=True),
            # Counted in this worker only (no Redis round trip per join): it warns, never refuses.
            join_bursts=RateLimiter("join-burst", settings.join_burst_per_ip_per_minute, 60, "join burst"),
            responses=limiter(
                "vote",
                settings.responses_per_participant_per_10s,
                10,
                "too many submissions; slow down",
                hot=True,
            ),
            logins_per_ip=limiter(
                "login-ip", settings.logins_per_minute * 5, 60, "too many login attempts; wait a minute"
            ),
            logins_per_account=limiter(
                "login", settings.logins_per_minute, 60, "too many login attempts; wait a minute"
            ),
            logins_per_device=limiter(
                "login-dev", settings.logins_per_minute, 60, "too many login attempts; wait a minute"
            ),
            registrations_per_ip=limiter(
                "reg-ip",
                settings.registrations_per_ip_per_hour,
                3600,
                "too many new accounts from here; try again later",
            ),
            registrations=limiter(
                "reg", settings.registrations_per_minute, 60, "too many new accounts right now; wait a minute"
            ),
            reactions=limiter(
                "react", settings.reactions_per_participant_per_10s, 10, "easy on the reactions", hot=True
            ),
            qna_questions=limiter(
                "qna-ask",
                settings.qna_questions_per_participant_per_minute,
                60,
                "too many questions at once; wait a minute",
            ),
            qna_upvotes=limiter(
                "qna-up",
                settings.qna_upvotes_per_participant_per_10s,
                10,
                "too many upvotes; slow down",
                hot=True,
            ),
            deck_writes=limiter(
                "deck", settings.deck_writes_per_minute, 60, "too many new decks; wait a minute"
            ),
            sso_callbacks=limiter(
                "sso", settings.oidc_callbacks_per_ip_per_minute, 60, "too many sign-ins; wait a minute"
            ),
            api_tokens=limiter(
                "api-token", settings.api_token_requests_per_minute, 60, "too many requests with this token"
            ),
            media_uploads=limiter(
                "media", settings.media_uploads_per_minute, 60, "too many image uploads; wait a minute"
            ),
            invitations=limiter(
                "invite", settings.invitations_per_hour, 3600, "too many invitations this hour; wait a while"
            ),
            webhook_changes=limiter(
                "webhook", settings.webhook_changes_per_minute, 60, "too many webhook changes; wait a minute"
            ),
            admin_actions=limiter(
                "admin",
                settings.admin_actions_per_minute,
                60,
                "too many admin changes; wait a minute",
            ),
        )


@dataclass
class AppContext:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    hub: Hub
    rooms: LiveRooms
    clock: ResultsClock
    writer: VoteWriter
    participant_tokens: ParticipantTokens
    limits: RateLimits
    hashing: PasswordHashing
    devices: DeviceCookies
    webhooks: WebhookSender
    namer: PlayerNamer
    access_watch: AccessWatch  # closes organiser sockets whose rights went (sockets/access_watch.py)
    started: float = field(default=0.0)
    # Rate-limit refusals per room (privacy/flood.py); app.py shares it through Redis when set.
    flood: FloodMeter = field(default_factory=FloodMeter)
    database_probe: DatabaseProbe = field(default_factory=DatabaseProbe)
    # Images decoded at once in this process, in threads beside the event loop (media/).
    media_decoding: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))
    # PDFs rendered one at a time in this process, each in a child process (media/pdf_pages.py).
    pdf_rendering: RenderGate = field(default_factory=RenderGate)

    def unit_of_work(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """One request's writes: one commit, then the hub messages they cause (unit_of_work.py)."""
        return unit_of_work(self.sessionmaker, self.rooms)
