"""The /admin page by plain form posts: for administrators only, in Dutch and English."""

import httpx
import pytest
from fastapi import FastAPI

from tests.admin.support import new_admin, user_id
from tests.helpers import new_organiser

# The admin page's forms: the actions behind them run on PostgreSQL in tests/admin/test_admin_api.py.
pytestmark = pytest.mark.sqlite_only


async def test_the_admin_page_is_for_administrators_only(app: FastAPI, client: httpx.AsyncClient) -> None:
    root = await new_admin(client, app)
    ada = await new_organiser(client)
    anonymous = await client.get("/admin")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=/admin")
    assert (await client.get("/admin", headers=ada.headers)).status_code == 403
    r = await client.post(
        f"/admin/users/{await user_id(root)}", data={"action": "disable"}, headers=ada.headers
    )
    assert r.status_code == 403
    assert (
        await client.post("/admin/registration", data={"policy": "closed"}, headers=ada.headers)
    ).status_code == 403
    page = await client.get("/admin", headers=root.headers)
    assert page.status_code == 200
    for heading in ("Accounts", "Registration", "Workspaces", "Audit log", "Webhook deliveries"):
        assert heading in page.text, heading
    assert ada.email in page.text
    dutch = await client.get("/admin", headers={**root.headers, "Accept-Language": "nl"})
    assert "Beheer" in dutch.text and "Webhookafleveringen" in dutch.text


async def test_an_admin_changes_accounts_and_registration_by_form(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    ada = await new_organiser(client)
    ada_id, root_id = await user_id(ada), await user_id(root)
    r = await client.post(f"/admin/users/{ada_id}", data={"action": "disable"}, headers=root.headers)
    assert r.status_code == 303 and r.headers["location"] == "/admin"
    assert (await client.get("/api/auth/me", headers=ada.headers)).status_code == 401
    r = await client.post(
        f"/admin/users/{root_id}", data={"action": "role", "role": "organiser"}, headers=root.headers
    )
    assert r.status_code == 409 and "without an administrator" in r.text
    r = await client.post(f"/admin/users/{ada_id}", data={"action": "delete"}, headers=root.headers)
    assert r.status_code == 422  # not confirmed: nothing deleted
    r = await client.post(
        f"/admin/users/{ada_id}", data={"action": "delete", "confirm": "yes"}, headers=root.headers
    )
    assert r.status_code == 303
    assert (await client.get(f"/api/admin/users/{ada_id}", headers=root.headers)).status_code == 404
    r = await client.post("/admin/registration", data={"policy": "closed"}, headers=root.headers)
    assert r.status_code == 303
    assert (await client.get("/api/admin/registration", headers=root.headers)).json()["policy"] == "closed"
    foreign = {**root.headers, "Origin": "https://evil.example"}
    assert (
        await client.post("/admin/registration", data={"policy": "open"}, headers=foreign)
    ).status_code == 403
    page = (await client.get("/admin?action=admin.user_delete", headers=root.headers)).text
    assert "deleted an account with its data" in page and ada.email in page


async def test_an_invitation_only_server_signs_up_on_the_way_to_an_invitation(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    root = await new_admin(client, app)
    await client.put("/api/admin/registration", json={"policy": "invitation"}, headers=root.headers)
    workspace = (await root.post("/api/workspaces", {"name": "Team"})).json()["id"]
    invited = await root.post(f"/api/workspaces/{workspace}/invitations", {"email": "kim@example.org"})
    here = "/invite/" + invited.json()["url"].rsplit("/", 1)[1]
    assert 'id="register-form"' not in (await client.get("/login")).text
    assert 'id="register-form"' in (await client.get(f"/login?next={here}")).text
    form = {"display_name": "Kim", "password": "correct horse battery", "next": here}
    refused = await client.post("/register", data={**form, "email": "eve@example.org"})
    assert refused.status_code == 403 and "by invitation only" in refused.text
    r = await client.post("/register", data={**form, "email": "kim@example.org"})
    assert r.status_code == 303 and r.headers["location"] == here
    client.cookies.clear()
