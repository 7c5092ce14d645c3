"""The administration API: only administrators, each action audited, none leaving the server
without an administrator; disabled accounts kept out of every door."""

import csv
import io
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from poll_service.settings import Settings
from tests.admin.support import new_admin, user_id
from tests.conftest import make_settings
from tests.helpers import Organiser, join, new_organiser
from tests.support.images import picture

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Deliveries stay queued where the test put them: no worker sends them on.
    return make_settings(database_url, webhook_worker=False)


def admin_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for ctx in iter_route_contexts(app.router.routes):
        path = ctx.path_format if hasattr(ctx, "path_format") else ctx.path
        if path.startswith("/api/admin/") and ctx.methods:
            found += [(m, path) for m in sorted(ctx.methods - {"HEAD"})]
    return found


async def test_every_admin_route_is_for_administrators_only(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    ada = await new_organiser(client)
    ada_id = await user_id(ada)
    token = (await root.post("/api/tokens", {"name": "root's script", "scope": "write"})).json()["token"]
    routes = admin_routes(app)
    assert len(routes) >= 9, routes
    for method, path in routes:
        url = path.replace("{user_id}", ada_id)
        body = {"policy": "open"} if path.endswith("/registration") else {}
        r = await client.request(method, url, json=body, headers=ada.headers)
        assert r.status_code == 403, (method, path, r.status_code)
        assert "administrators only" in r.json()["detail"]
        assert (await client.request(method, url, json=body)).status_code == 401, (method, path)
        # An administrator's API token does not administer: a leaked script key is not root.
        r = await client.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 403 and "API tokens" in r.json()["detail"], (method, path, r.text)
    assert (await client.get(f"/api/admin/users/{ada_id}", headers=root.headers)).status_code == 200


async def test_users_are_listed_searched_and_paged(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    for name in ("Mia", "Max", "Noor"):
        await new_organiser(client, name)
    r = await client.get("/api/admin/users", params={"per_page": 2}, headers=root.headers)
    assert r.status_code == 200, r.text
    first = r.json()
    assert (first["total"], first["pages"], len(first["items"])) == (4, 2, 2)
    second = (await client.get("/api/admin/users?per_page=2&page=2", headers=root.headers)).json()
    emails = [u["email"] for u in first["items"] + second["items"]]
    assert emails == sorted(emails) and len(set(emails)) == 4
    found = (await client.get("/api/admin/users?q=NOOR", headers=root.headers)).json()["items"]
    assert [u["display_name"] for u in found] == ["Noor"]  # by name or address, any case
    assert (await client.get("/api/admin/users?q=100%25_", headers=root.headers)).json()["total"] == 0
    assert found[0]["role"] == "organiser" and found[0]["disabled"] is False
    me = (await client.get("/api/auth/me", headers=root.headers)).json()
    assert me["role"] == "admin"
    assert (await client.get("/api/admin/users?per_page=101", headers=root.headers)).status_code == 422


async def test_a_disabled_account_is_signed_out_and_refused_at_every_door(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    ada = await new_organiser(client)
    token = (await ada.post("/api/tokens", {"name": "script", "scope": "read"})).json()["token"]
    as_token = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/presentations", headers=as_token)).status_code == 200
    r = await client.patch(
        f"/api/admin/users/{await user_id(ada)}", json={"disabled": True}, headers=root.headers
    )
    assert r.status_code == 200 and r.json()["disabled"] is True, r.text
    assert (await client.get("/api/auth/me", headers=ada.headers)).status_code == 401  # session ended
    assert (await client.get("/api/presentations", headers=as_token)).status_code == 401
    login = await client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
    assert login.status_code == 403 and "disabled" in login.json()["detail"]
    wrong = await client.post("/api/auth/login", json={"email": ada.email, "password": "not the password"})
    assert wrong.status_code == 401  # a guesser learns nothing of the account's state
    page = await client.post("/login", data={"email": ada.email, "password": PASSWORD, "next": "/dashboard"})
    assert page.status_code == 403 and "disabled" in page.text.lower()
    r = await client.patch(
        f"/api/admin/users/{await user_id(root)}", json={"disabled": False}, headers=root.headers
    )
    assert r.status_code == 200
    ada_id = (await client.get("/api/admin/users?q=ada", headers=root.headers)).json()["items"][0]["id"]
    r = await client.patch(f"/api/admin/users/{ada_id}", json={"disabled": False}, headers=root.headers)
    assert r.status_code == 200 and r.json()["disabled"] is False
    assert (
        await client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
    ).status_code == 200
    assert (await client.get("/api/presentations", headers=as_token)).status_code == 200
    client.cookies.clear()


async def test_the_last_administrator_cannot_be_removed(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    root_id = await user_id(root)
    for method, body in (("PATCH", {"role": "organiser"}), ("PATCH", {"disabled": True}), ("DELETE", None)):
        r = await client.request(method, f"/api/admin/users/{root_id}", json=body, headers=root.headers)
        assert r.status_code == 409 and "last administrator" in r.json()["detail"], (method, body, r.text)
    ada = await new_organiser(client)
    ada_id = await user_id(ada)
    r = await client.patch(f"/api/admin/users/{ada_id}", json={"role": "admin"}, headers=root.headers)
    assert r.status_code == 200 and r.json()["role"] == "admin"
    assert (await client.get("/api/admin/users", headers=ada.headers)).status_code == 200
    # Two administrators: either may step down, and then the other is the last.
    r = await client.patch(f"/api/admin/users/{root_id}", json={"role": "organiser"}, headers=root.headers)
    assert r.status_code == 200 and r.json()["role"] == "organiser"
    assert (await client.get("/api/admin/users", headers=root.headers)).status_code == 403
    r = await client.patch(f"/api/admin/users/{ada_id}", json={"disabled": True}, headers=ada.headers)
    assert r.status_code == 409
    bad = await client.patch(f"/api/admin/users/{ada_id}", json={"role": "root"}, headers=ada.headers)
    assert bad.status_code == 422
    missing = await client.patch(f"/api/admin/users/{'0' * 32}", json={"role": "admin"}, headers=ada.headers)
    assert missing.status_code == 404


async def test_deleting_an_account_deletes_its_data_and_keeps_the_teams(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    ada, bob = await new_organiser(client), await new_organiser(client, "Bob")
    own = await ada.presentation("Ada's own")
    room = await ada.room(own["id"])
    phone = await join(client, room["join_code"])
    assert (
        await phone.vote(own["questions"][0]["id"], [own["questions"][0]["options"][0]["id"]])
    ).status_code == 201
    team = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    deck = (await ada.post("/api/presentations", {"title": "Team deck", "workspace_id": team})).json()["id"]
    from tests.workspaces.test_roles import invite_and_join

    await invite_and_join(ada, team, "editor", bob)
    ada_id = await user_id(ada)
    r = await client.delete(f"/api/admin/users/{ada_id}", headers=root.headers)
    assert r.status_code == 409 and "only owner" in r.json()["detail"], r.text
    bob_id = await user_id(bob)
    r = await ada.client.patch(
        f"/api/workspaces/{team}/members/{bob_id}", json={"role": "owner"}, headers=ada.headers
    )
    assert r.status_code == 200, r.text
    assert (await client.delete(f"/api/admin/users/{ada_id}", headers=root.headers)).status_code == 204
    assert (await client.get(f"/api/admin/users/{ada_id}", headers=root.headers)).status_code == 404
    assert (await client.get(f"/api/presentations/{own['id']}", headers=bob.headers)).status_code == 404
    kept = await client.get(f"/api/presentations/{deck}", headers=bob.headers)
    assert kept.status_code == 200 and kept.json()["title"] == "Team deck"
    login = await client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
    assert login.status_code == 401
    async with app.state.context.engine.connect() as conn:
        from sqlalchemy import text

        left = await conn.execute(text("SELECT count(*) FROM response WHERE room_id = :r"), {"r": room["id"]})
        assert left.scalar() == 0
    log = (await client.get("/api/admin/audit?action=admin.user_delete", headers=root.headers)).json()
    assert log["total"] == 1 and ada.email in log["items"][0]["target"]
    assert log["items"][0]["workspace_id"] is None and log["items"][0]["actor_name"] == "Root"


async def test_the_registration_policy_changes_at_runtime(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    r = await client.get("/api/admin/registration", headers=root.headers)
    assert r.json() == {"policy": "open", "default": "open"}

    async def register(email: str, invitation: str | None = None) -> httpx.Response:
        body = {"email": email, "password": PASSWORD, "display_name": "New", "invitation": invitation}
        return await client.post("/api/auth/register", json=body)

    r = await client.put("/api/admin/registration", json={"policy": "closed"}, headers=root.headers)
    assert r.status_code == 200 and r.json()["policy"] == "closed"
    assert (await register("kim@example.org")).status_code == 403
    assert "Create an account" not in (await client.get("/login")).text
    r = await client.put("/api/admin/registration", json={"policy": "invitation"}, headers=root.headers)
    assert (await register("kim@example.org")).status_code == 403
    workspace = (await root.post("/api/workspaces", {"name": "Team"})).json()["id"]
    invited = await root.post(f"/api/workspaces/{workspace}/invitations", {"email": "kim@example.org"})
    secret = invited.json()["url"].rsplit("/", 1)[1]
    assert (await register("eve@example.org", secret)).status_code == 403  # someone else's invitation
    assert (await register("kim@example.org", secret)).status_code == 201
    assert (
        await client.put("/api/admin/registration", json={"policy": "anyone"}, headers=root.headers)
    ).status_code == 422
    await client.put("/api/admin/registration", json={"policy": "open"}, headers=root.headers)
    assert (await register("lou@example.org")).status_code == 201
    log = (await client.get("/api/admin/audit?action=admin.registration", headers=root.headers)).json()
    assert [e["target"] for e in log["items"]] == ["open", "invitation", "closed"]


async def test_workspaces_are_listed_with_their_usage(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    ada, bob = await new_organiser(client), await new_organiser(client, "Bob")
    team = (await ada.post("/api/workspaces", {"name": "Library team"})).json()["id"]
    from tests.workspaces.test_roles import invite_and_join

    await invite_and_join(ada, team, "viewer", bob)
    r = await ada.post("/api/presentations", {"title": "Team deck", "workspace_id": team})
    deck = r.json()["id"]
    await ada.post(
        f"/api/presentations/{deck}/questions",
        {"type": "multiple_choice", "prompt": "?", "options": [{"label": "a"}, {"label": "b"}]},
    )
    question = (await client.get(f"/api/presentations/{deck}", headers=ada.headers)).json()["questions"][0]
    room = await ada.room(deck)
    for _ in range(2):
        phone = await join(client, room["join_code"])
        assert (await phone.vote(question["id"], [question["options"][0]["id"]])).status_code == 201
    image = await client.post(
        f"/api/presentations/{deck}/media",
        content=picture("PNG"),
        headers={**ada.headers, "Content-Type": "image/png"},
    )
    assert image.status_code == 201, image.text
    r = await client.get("/api/admin/workspaces?q=library", headers=root.headers)
    assert r.status_code == 200, r.text
    [row] = r.json()["items"]
    assert (row["name"], row["members"], row["presentations"], row["responses"]) == ("Library team", 2, 1, 2)
    assert row["media_bytes"] > 0 and row["personal"] is False
    assert (await client.get("/api/admin/workspaces", headers=root.headers)).json()["total"] >= 2


async def test_the_audit_log_is_filtered_paged_and_exported_as_safe_csv(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    name = '=HYPERLINK("http://evil")'
    body = {"email": "mallory@example.org", "password": PASSWORD, "display_name": name}
    assert (await client.post("/api/auth/register", json=body)).status_code == 201
    token = (await client.post("/api/auth/login", json={"email": body["email"], "password": PASSWORD})).json()
    client.cookies.clear()
    mallory = Organiser(client, token["access_token"], "mallory@example.org")
    await mallory.post("/api/presentations", {"title": "@SUM(1+1)"})
    r = await client.get("/api/admin/audit", params={"action": "presentation.create"}, headers=root.headers)
    entries = r.json()["items"]
    assert [e["target"].split(" (")[0] for e in entries] == ["@SUM(1+1)"]
    assert entries[0]["workspace_name"] is not None
    everything = (await client.get("/api/admin/audit?per_page=1", headers=root.headers)).json()
    assert everything["pages"] == everything["total"] >= 3
    later = (await client.get("/api/admin/audit?since=2999-01-01", headers=root.headers)).json()
    assert later["total"] == 0
    r = await client.get("/api/admin/audit?since=yesterday", headers=root.headers)
    assert r.status_code == 422
    assert (await client.get("/api/admin/audit?action=nothing", headers=root.headers)).status_code == 422
    r = await client.get("/api/admin/audit.csv?actor=hyperlink", headers=root.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["when", "workspace_id", "workspace", "actor_id", "actor", "action", "target"]
    assert [row[5] for row in rows[1:]] == ["presentation.create", "sign_in"]  # newest first
    # Text a spreadsheet would run as a formula is quoted; ids and times are left as they are.
    assert {row[4] for row in rows[1:]} == {"'" + name}
    assert rows[1][6].startswith("'@SUM(1+1)") and rows[1][0].endswith("Z")
    exported = (await client.get("/api/admin/audit?action=admin.audit_export", headers=root.headers)).json()
    assert exported["total"] == 1 and exported["items"][0]["target"] == "actor=hyperlink"
    mine = (await client.get("/api/admin/audit?workspace_id=instance", headers=root.headers)).json()
    assert {e["action"] for e in mine["items"]} == {"admin.user_role", "admin.audit_export"}


async def test_webhook_deliveries_are_visible_to_administrators(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    ada = await new_organiser(client)
    hook = await ada.post("/api/webhooks", {"url": "https://93.184.215.14/hook", "events": ["room.ended"]})
    assert hook.status_code == 201, hook.text
    assert (await ada.post(f"/api/webhooks/{hook.json()['id']}/test")).status_code == 202
    r = await client.get("/api/admin/webhook-deliveries", headers=root.headers)
    assert r.status_code == 200, r.text
    [delivery] = r.json()["items"]
    assert delivery["url"] == "https://93.184.215.14/hook" and delivery["owner_email"] == ada.email
    assert delivery["status"] in {"pending", "sending", "delivered", "failed"} and delivery["attempts"] >= 0
    assert (delivery["status"], delivery["attempts"], delivery["event"]) == ("pending", 0, "webhook.test")
    r = await client.get("/api/admin/webhook-deliveries?status=pending", headers=root.headers)
    assert r.json()["total"] == 1
    r = await client.get("/api/admin/webhook-deliveries?status=failed", headers=root.headers)
    assert r.json()["total"] == 0
    assert (
        await client.get("/api/admin/webhook-deliveries?status=lost", headers=root.headers)
    ).status_code == 422


def test_the_documented_routes_are_the_admin_routes(app: FastAPI) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "administration.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(GET|POST|PUT|PATCH|DELETE)` \| `([^`?]+)", doc, flags=re.MULTILINE)
    routes = set(admin_routes(app))
    for ctx in iter_route_contexts(app.router.routes):
        path = ctx.path_format if hasattr(ctx, "path_format") else ctx.path
        if path == "/admin" or path.startswith("/admin/"):
            routes |= {(m, path) for m in ctx.methods or () if m != "HEAD"}
    assert set(rows) == routes
