"""create_app(settings): the lifespan builds engine, hub, live rooms and vote writer; routers mount."""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from poll_service import __version__
from poll_service.context import AppContext, RateLimits
from poll_service.db import (
    create_engine,
    create_sessionmaker,
    create_sqlite_writer_engine,
    upgrade_database_async,
)
from poll_service.errors import API_ERRORS, install_error_handlers
from poll_service.gc_pacing import GcPacer
from poll_service.health import router as health_router
from poll_service.http_guards import GuardMiddleware, RequestRules
from poll_service.live.clock import ResultsClock
from poll_service.live.registry import LiveRooms
from poll_service.log_redaction import install as install_log_redaction
from poll_service.pages.router import install_pages
from poll_service.participants.hot_paths import FastLane, is_hot
from poll_service.privacy.flood import FloodMeter
from poll_service.privacy.sweeper import PrivacySweeper
from poll_service.quiz.naming import PlayerNamer
from poll_service.quiz.service import name_words
from poll_service.realtime.hub import Hub, MemoryHub
from poll_service.responses.writer import VoteWriter
from poll_service.routes.accounts import router as accounts_router
from poll_service.routes.admin import router as admin_router
from poll_service.routes.control import router as control_router
from poll_service.routes.decks import router as decks_router
from poll_service.routes.exports import router as exports_router
from poll_service.routes.media import router as media_router
from poll_service.routes.moderation import router as moderation_router
from poll_service.routes.participants import router as participants_router
from poll_service.routes.presentations import router as presentations_router
from poll_service.routes.privacy import router as privacy_router
from poll_service.routes.qna import router as qna_router
from poll_service.routes.quiz import router as quiz_router
from poll_service.routes.room_grants import router as room_grants_router
from poll_service.routes.rooms import router as rooms_router
from poll_service.routes.sockets import router as sockets_router
from poll_service.routes.sockets import serve_socket
from poll_service.routes.sso import router as sso_router
from poll_service.routes.themes import router as themes_router
from poll_service.routes.tokens import router as tokens_router
from poll_service.routes.webhooks import router as webhooks_router
from poll_service.routes.workspaces import router as workspaces_router
from poll_service.security import DeviceCookies, ParticipantTokens, PasswordHashing, Passwords
from poll_service.settings import Settings
from poll_service.sockets.access_watch import AccessWatch
from poll_service.webhooks.sender import WebhookSender


class PollService(FastAPI):
    """FastAPI, with joins, votes (hot_paths.py) and the two websocket endpoints
    (routes/sockets.py) served before its middleware stack."""

    fast_lane: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_hot(scope):
            scope["app"] = self
            await self.fast_lane(scope, receive, send)
            return
        if await serve_socket(self, scope, receive, send):
            return  # the two websocket endpoints, without the stack (routes/sockets.py)
        await super().__call__(scope, receive, send)


def create_hub(settings: Settings) -> Hub:
    if settings.redis_url:
        from poll_service.realtime.redis_hub import RedisHub

        return RedisHub(settings.redis_url)
    return MemoryHub()


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_redaction()  # after the server configured its logging
        if migrate:
            await upgrade_database_async(settings.database_url)
        engine = create_engine(settings)
        sessionmaker = create_sessionmaker(engine)
        hub = create_hub(settings)
        await hub.start()
        rooms = LiveRooms(sessionmaker, hub, settings)
        clock = ResultsClock(rooms, settings.results_push_hz)
        reconnect_callbacks = getattr(hub, "on_reconnect", None)
        if reconnect_callbacks is not None:
            reconnect_callbacks.append(rooms.resync_all)

        async def publish_votes(room_id: str, items: list[list[Any]]) -> None:
            await rooms.publish(room_id, "votes", items=items)

        writer = VoteWriter(
            engine,
            publish_votes,
            settings.vote_batch_max,
            commit_interval=settings.vote_commit_interval_ms / 1000,
            sqlite_engine=create_sqlite_writer_engine(settings) if settings.is_sqlite else None,
            publish_joined=rooms.announce_joined,
        )
        limits_redis = _limits_redis(settings)
        context = AppContext(
            settings=settings,
            engine=engine,
            sessionmaker=sessionmaker,
            hub=hub,
            rooms=rooms,
            clock=clock,
            writer=writer,
            participant_tokens=ParticipantTokens(settings.secret),
            limits=RateLimits.from_settings(settings, limits_redis),
            hashing=PasswordHashing(
                settings.password_hashing_concurrency,
                settings.password_hashing_queue,
                Passwords.of(settings),
                settings.hashing_cpus(),
            ),
            devices=DeviceCookies(settings.secret),
            webhooks=WebhookSender(sessionmaker, settings),
            namer=PlayerNamer(
                sessionmaker,
                lambda room_id, names: rooms.publish(room_id, "nickname", names=names),
                name_words(settings),
            ),
            access_watch=AccessWatch(sessionmaker, hub),
            started=time.time(),
            flood=FloodMeter(limits_redis, settings.flood_warning_per_minute),
        )
        app.state.context = context
        await clock.start()
        await context.access_watch.start()
        await writer.start()
        await context.namer.start()
        await context.webhooks.start()
        sweeper = PrivacySweeper(
            sessionmaker,
            lambda room_id: rooms.publish(room_id, "reload"),
            settings.privacy_sweep_seconds,
            settings.retention_days,
            settings.audit_retention_days,
        )
        await sweeper.start()
        # Full garbage collections would stall the loop for 100+ ms under load (gc_pacing.py).
        gc_pacer = GcPacer(rooms.quiet)
        if settings.gc_pacing:
            gc_pacer.start()
        try:
            yield
        finally:
            await gc_pacer.stop()
            await sweeper.stop()
            await context.webhooks.stop()
            await context.namer.stop()
            await writer.stop()
            await clock.stop()
            await context.access_watch.stop()
            await rooms.stop()
            context.hashing.close()
            await hub.stop()
            if limits_redis is not None:
                await limits_redis.aclose()
            await engine.dispose()

    app = PollService(
        title="poll-service",
        version=__version__,
        lifespan=lifespan,
        description="Live audience polling: see the README and shared contract.",
    )
    install_error_handlers(app)  # PollError, malformed bodies (422), a busy database (503)
    https = bool(settings.public_url and settings.public_url.startswith("https://"))
    rules = RequestRules(
        settings.public_url, settings.allowed_origins, hsts=https and settings.environment == "production"
    )
    app.add_middleware(
        GuardMiddleware,
        max_body_bytes=settings.max_body_bytes,
        rules=rules,
        max_upload_bytes=settings.media_max_upload_bytes,
        max_pdf_bytes=settings.pdf_deck_max_upload_bytes,
        max_deck_bytes=settings.deck_import_max_bytes,
    )
    app.fast_lane = FastLane(settings.max_body_bytes, rules)
    app.include_router(health_router)
    app.include_router(sockets_router)
    for router in (
        accounts_router,
        presentations_router,
        decks_router,
        rooms_router,
        control_router,
        participants_router,
        quiz_router,
        qna_router,
        moderation_router,
        exports_router,
        privacy_router,
        tokens_router,
        media_router,
        themes_router,
        workspaces_router,
        webhooks_router,
        admin_router,
        room_grants_router,
    ):
        app.include_router(router, responses=API_ERRORS)
    app.include_router(sso_router)  # HTML pages and redirects, before the other pages
    install_pages(app)
    return app


def _limits_redis(settings: Settings) -> Any:
    """Rate limits shared across workers; short timeouts so a Redis outage never stalls a vote."""
    if not settings.redis_url:
        return None
    import redis.asyncio as redis

    return redis.Redis.from_url(settings.redis_url, socket_timeout=0.25, socket_connect_timeout=0.25)
