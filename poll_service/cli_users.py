"""`poll-service user list | disable | enable | set-role | delete`: the administration of accounts
from the server's command line, through the same use cases as /admin (admin/users.py), audited as
the command line's. The first administrator is made here (`user create --admin` or `set-role`)."""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from poll_service.settings import Settings

T = TypeVar("T")


class _NoScreens:
    """The command line reaches no live room: a deleted account's open room is dropped by the
    service when it next checks the room against the database."""

    async def publish(self, room_id: str, kind: str, **fields: Any) -> None:
        return None


def run(act: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    """Run `act` against the configured database (migrated first); a refusal exits with its reason."""
    from poll_service.db import create_engine, create_sessionmaker, upgrade_database
    from poll_service.errors import PollError

    settings = Settings()
    upgrade_database(settings.database_url)

    async def main() -> T:
        engine = create_engine(settings)
        try:
            return await act(create_sessionmaker(engine))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except PollError as exc:
        sys.exit(f"error: {exc.message}")


def _list(args: argparse.Namespace) -> None:
    from poll_service.admin import users
    from poll_service.admin.paging import Page

    async def act(sessionmaker: async_sessionmaker[AsyncSession]) -> Page[users.UserRow]:
        async with sessionmaker() as session:
            return await users.list_users(session, args.search or "", args.page, 100)

    found = run(act)
    for row in found.items:
        state = "disabled" if row.disabled_at else "active"
        print(f"{row.email}\t{row.role}\t{state}\t{row.display_name}\t{row.id}")
    print(f"page {found.page} of {found.pages}, {found.total} accounts", file=sys.stderr)


def _change(args: argparse.Namespace) -> None:
    from poll_service.admin import users
    from poll_service.unit_of_work import unit_of_work

    async def act(sessionmaker: async_sessionmaker[AsyncSession]) -> str:
        async with unit_of_work(sessionmaker, _NoScreens()) as work:
            user = await users.account_by_email(work.session, args.email)
            if args.user_command == "disable":
                await users.set_disabled(work.session, None, user, True)
                return f"{user.email}: disabled, signed out everywhere"
            if args.user_command == "enable":
                await users.set_disabled(work.session, None, user, False)
                return f"{user.email}: enabled"
            if args.user_command == "set-role":
                await users.set_role(work.session, None, user, args.role)
                return f"{user.email}: now {args.role}"
            await users.delete_account(work, None, user)
            return f"{user.email}: deleted with its data"

    print(run(act))


def _delete(args: argparse.Namespace) -> None:
    if not args.yes:
        sys.exit("error: deleting an account deletes its data too; pass --yes to go ahead")
    _change(args)


def add_commands(user_commands: Any) -> None:
    """The subcommands of `poll-service user` beside `create` (cli.py)."""
    listing = user_commands.add_parser("list", help="list accounts (e-mail, role, state, name, id)")
    listing.add_argument("--search", help="part of the e-mail address or name")
    listing.add_argument("--page", type=int, default=1)
    listing.set_defaults(run=_list)
    for name, text in (
        ("disable", "disable an account: signed out everywhere, cannot sign in"),
        ("enable", "let a disabled account sign in again"),
    ):
        command = user_commands.add_parser(name, help=text)
        command.add_argument("email")
        command.set_defaults(run=_change)
    role = user_commands.add_parser("set-role", help="make an account an administrator, or an organiser")
    role.add_argument("email")
    role.add_argument("role", choices=("admin", "organiser"))
    role.set_defaults(run=_change)
    delete = user_commands.add_parser("delete", help="delete an account with its data")
    delete.add_argument("email")
    delete.add_argument("--yes", action="store_true", help="yes, delete its data too")
    delete.set_defaults(run=_delete)
