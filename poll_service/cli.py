"""`poll-service serve | db upgrade | user create | list | disable | enable | set-role | delete |
export | purge`: thin wrappers over the service code."""

import argparse
import asyncio
import os
import sys

from poll_service.cli_users import add_commands
from poll_service.settings import Settings


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from poll_service.db import upgrade_database
    from poll_service.http_protocol import GuardedHttpProtocol
    from poll_service.realtime.ws_protocol import GuardedWebSocketProtocol

    settings = Settings()
    # Migrate once here, so several workers never race to do it.
    upgrade_database(settings.database_url)
    os.environ["POLL_MIGRATE_ON_START"] = "0"
    _ = settings.secret  # create the development key before workers start, so they share it
    uvicorn.run(
        "poll_service.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http=GuardedHttpProtocol,  # httptools with time limits for slow clients (http_protocol.py)
        ws=GuardedWebSocketProtocol,  # websockets-sansio with limits of ours (ws_protocol.py)
        ws_per_message_deflate=False,
        ws_max_size=64 * 1024,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
        log_level=args.log_level,
        access_log=False,
    )


def _db_upgrade(_args: argparse.Namespace) -> None:
    from poll_service.db import upgrade_database

    upgrade_database(Settings().database_url)
    print("database is up to date")


def _user_create(args: argparse.Namespace) -> None:
    from poll_service.accounts.service import create_user, new_account_name
    from poll_service.db import create_engine, create_sessionmaker, upgrade_database
    from poll_service.errors import PollError
    from poll_service.security import Passwords
    from poll_service.workspaces import audit

    if not args.password_stdin:
        sys.exit("pass the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    settings = Settings()
    upgrade_database(settings.database_url)

    async def create() -> str:
        engine = create_engine(settings)
        try:
            name = new_account_name(password, args.name or args.email)
            password_hash = Passwords.of(settings).hash(
                password
            )  # a command of its own: no loop to keep free
            async with create_sessionmaker(engine)() as session, session.begin():
                role = "admin" if args.admin else "organiser"
                user = await create_user(session, args.email, password_hash, name, role)
                audit.record_instance(session, None, "admin.user_create", f"{user.email} as {role}")
                return user.id
        finally:
            await engine.dispose()

    try:
        user_id = asyncio.run(create())
    except PollError as exc:
        sys.exit(f"error: {exc.message}")
    print(f"created {'administrator' if args.admin else 'organiser'} {args.email} ({user_id})")


def _export(args: argparse.Namespace) -> None:
    from pathlib import Path

    from poll_service.db import create_engine, create_sessionmaker
    from poll_service.errors import PollError
    from poll_service.exports.files import file_stem, render
    from poll_service.exports.report import Report, report_for_any

    settings = Settings()

    async def load() -> Report:
        engine = create_engine(settings)
        try:
            async with create_sessionmaker(engine)() as session:
                return await report_for_any(session, args.id, settings.time_zone)
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(load())
    except PollError as exc:
        sys.exit(f"error: {exc.message}")
    body = render(report, args.format, args.separator)
    if args.output == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    safe_stem = "".join(c if c.isalnum() or c in " ._-" else "-" for c in file_stem(report)).strip(" .")
    path = Path(args.output or f"{safe_stem or 'results'}.{args.format}")
    path.write_bytes(body)
    print(f"wrote {path} ({len(body):,} bytes, {report.scope} {report.subject_id})", file=sys.stderr)


def _purge(args: argparse.Namespace) -> None:
    """The retention purge once, now (the running service also does it on its own clock)."""
    from poll_service.db import create_engine, create_sessionmaker, upgrade_database
    from poll_service.privacy.sweeper import anonymise_rooms, purge_expired
    from poll_service.workspaces.audit import purge_older_than

    settings = Settings()
    days = args.days if args.days is not None else settings.retention_days
    audit_days = args.audit_days if args.audit_days is not None else settings.audit_retention_days
    if (days is not None and days < 1) or audit_days < 1:
        sys.exit("error: --days and --audit-days must be at least 1")
    upgrade_database(settings.database_url)

    async def purge() -> tuple[int, int, int]:
        engine = create_engine(settings)
        try:
            sessionmaker = create_sessionmaker(engine)
            entries = await purge_older_than(sessionmaker, audit_days)
            if days is None:
                return entries, 0, 0
            return entries, await purge_expired(sessionmaker, days), await anonymise_rooms(sessionmaker, None)
        finally:
            await engine.dispose()

    entries, rooms, unlinked = asyncio.run(purge())
    print(f"purged {entries} audit-log entries older than {audit_days} days")
    if days is None:
        # The audit log has a default period; rooms are kept until one is chosen for them.
        sys.exit("error: no retention period for rooms: set POLL_RETENTION_DAYS or pass --days N")
    print(f"purged {rooms} rooms that ended more than {days} days ago; unlinked {unlinked} anonymous answers")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="poll-service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the service (migrations applied first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply every migration").set_defaults(run=_db_upgrade)

    user = commands.add_parser("user", help="organiser accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    create = user_commands.add_parser("create", help="create an organiser account")
    create.add_argument("--email", required=True)
    create.add_argument("--password-stdin", action="store_true")
    create.add_argument("--name")
    create.add_argument("--admin", action="store_true", help="one of the server's administrators (/admin)")
    create.set_defaults(run=_user_create)
    add_commands(user_commands)

    export = commands.add_parser("export", help="write a room's or presentation's results to a file")
    export.add_argument("id", metavar="ROOM_OR_PRESENTATION_ID")
    export.add_argument("--format", choices=("pdf", "csv", "xlsx"), default="pdf")
    export.add_argument(
        "--separator", choices=("comma", "semicolon"), default="comma", help="CSV: semicolon for Dutch Excel"
    )
    export.add_argument("--output", "-o", help="file to write (default: a name from the title; - for stdout)")
    export.set_defaults(run=_export)

    purge = commands.add_parser(
        "purge", help="delete participant data of rooms, and audit-log entries, past their retention periods"
    )
    purge.add_argument(
        "--days", type=int, help="rooms that ended more than N days ago (default: POLL_RETENTION_DAYS)"
    )
    purge.add_argument(
        "--audit-days",
        type=int,
        help="audit-log entries older than N days (default: POLL_AUDIT_RETENTION_DAYS, 365)",
    )
    purge.set_defaults(run=_purge)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.run(args)
