"""Migration 0015 on SQLite and PostgreSQL: each account's personal workspace gets its name in
`personal_owner_id`; an account that already had two keeps the older as personal and the newer
becomes an ordinary workspace (nothing in it is lost); an owner invited into someone else's
personal workspace keeps their own."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.workspaces.test_migration import NOW, _rows, _run, empty_url, insert_users

__all__ = ["empty_url"]  # the fixture: a database of its own, on SQLite and PostgreSQL
BEFORE = "0014_workspace_webhook"
ADA, BOB = "a" * 32, "b" * 32
OLDER, NEWER, BOBS = "1" * 32, "2" * 32, "3" * 32


async def _seed(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await insert_users(conn, (ADA, "Ada"), (BOB, "Bob"))
        # Ada's older personal workspace (Bob invited as owner), a second one from a race, Bob's own.
        for workspace_id, second, members in ((OLDER, 0, (ADA, BOB)), (NEWER, 1, (ADA,)), (BOBS, 2, (BOB,))):
            await conn.execute(
                text("INSERT INTO workspace (id, name, personal, created_at) VALUES (:i, 'W', :p, :t)"),
                {"i": workspace_id, "p": True, "t": NOW.replace(second=second)},
            )
            for n, user_id in enumerate(members):
                await conn.execute(
                    text(
                        "INSERT INTO membership (workspace_id, user_id, role, created_at) "
                        "VALUES (:w, :u, 'owner', :t)"
                    ),
                    {"w": workspace_id, "u": user_id, "t": NOW.replace(second=n)},
                )
    await engine.dispose()


async def test_each_account_keeps_one_personal_workspace(empty_url: str) -> None:
    await _run(empty_url, BEFORE)
    await _seed(empty_url)
    await _run(empty_url, "0015_workspace_owner_rules")
    found = await _rows(empty_url, "SELECT id, personal, personal_owner_id FROM workspace ORDER BY id")
    assert [(w, bool(p), o) for w, p, o in found] == [
        (OLDER, True, ADA),
        (NEWER, False, None),
        (BOBS, True, BOB),
    ]
    members = await _rows(
        empty_url, "SELECT workspace_id, user_id FROM membership ORDER BY workspace_id, user_id"
    )
    assert members == [(OLDER, ADA), (OLDER, BOB), (NEWER, ADA), (BOBS, BOB)]

    await _run(empty_url, BEFORE, down=True)
    assert len(await _rows(empty_url, "SELECT id FROM workspace")) == 3
