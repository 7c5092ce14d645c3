"""Migration 0014 on SQLite and PostgreSQL: each existing webhook moves to its owner's personal
workspace (one is made for an owner who has none yet), its deliveries stay, and a downgrade
gives the table back as it was."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.workspaces.test_migration import NOW, _rows, _run, empty_url, insert_users

__all__ = ["empty_url"]  # the fixture, used by name

BEFORE = "0013_account_admin"
ADA, BOB = "a" * 32, "b" * 32


async def _seed(url: str) -> None:
    """Ada with her personal workspace and a webhook that has a delivery; Bob, whose account never
    needed a workspace yet, with a webhook."""
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await insert_users(conn, (ADA, "Ada"), (BOB, "Bob"))
        await conn.execute(
            text("INSERT INTO workspace (id, name, personal, created_at) VALUES (:i, 'Ada', :p, :t)"),
            {"i": "w" * 32, "p": True, "t": NOW},
        )
        await conn.execute(
            text(
                "INSERT INTO membership (workspace_id, user_id, role, created_at) "
                "VALUES (:w, :u, 'owner', :t)"
            ),
            {"w": "w" * 32, "u": ADA, "t": NOW},
        )
        for hook_id, owner in (("h1" + "0" * 30, ADA), ("h2" + "0" * 30, BOB)):
            await conn.execute(
                text(
                    "INSERT INTO webhook_endpoint (id, owner_id, url, description, events, secret, "
                    "enabled, consecutive_failures, created_at) "
                    "VALUES (:i, :o, 'https://93.184.215.14/h', '', '[\"room.ended\"]', 'whsec_x', "
                    ":e, 0, :t)"
                ),
                {"i": hook_id, "o": owner, "e": True, "t": NOW},
            )
        await conn.execute(
            text(
                "INSERT INTO webhook_delivery (id, endpoint_id, event, body, status, attempts, "
                "next_attempt_at, created_at) VALUES ('d1', :e, 'room.ended', '{}', 'delivered', 1, :t, :t)"
            ),
            {"e": "h1" + "0" * 30, "t": NOW},
        )
    await engine.dispose()


async def test_existing_webhooks_move_into_their_owners_personal_workspace(empty_url: str) -> None:
    await _run(empty_url, BEFORE)
    await _seed(empty_url)
    await _run(empty_url, "0014_workspace_webhook")
    hooks = await _rows(empty_url, "SELECT owner_id, workspace_id FROM webhook_endpoint ORDER BY id")
    assert hooks[0] == (ADA, "w" * 32)
    bobs = await _rows(
        empty_url,
        "SELECT w.id, w.personal, m.role FROM workspace w JOIN membership m ON m.workspace_id = w.id "
        f"WHERE m.user_id = '{BOB}'",
    )
    assert len(bobs) == 1 and bool(bobs[0][1]) and bobs[0][2] == "owner"
    assert hooks[1] == (BOB, bobs[0][0])
    assert await _rows(empty_url, "SELECT id FROM webhook_delivery") == [("d1",)]

    await _run(empty_url, BEFORE, down=True)
    assert await _rows(empty_url, "SELECT id FROM webhook_delivery") == [("d1",)]
    assert len(await _rows(empty_url, "SELECT id FROM webhook_endpoint")) == 2
