"""Single sign-on and administration: a member of POLL_OIDC_ADMIN_GROUP becomes an administrator
when they sign in; a disabled account is refused at the door the provider opens."""

import httpx
import pytest
from fastapi import FastAPI

from poll_service.settings import Settings
from poll_service.sso.oidc import Identity
from poll_service.sso.sign_on import Refusal, SignOnRefused, sign_on
from tests.conftest import make_settings

ISSUER = "https://id.example.org"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(
        database_url, oidc_issuer=ISSUER, oidc_client_id="poll-service", oidc_admin_group="poll-admins"
    )


def person(subject: str, email: str, *groups: str) -> Identity:
    """What the provider vouched for, as oidc.py hands it on after checking the ID token."""
    return Identity(ISSUER, subject, email, True, subject.title(), groups, "id-token")


async def test_the_admin_group_makes_administrators_and_disabled_accounts_stay_out(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    context = app.state.context
    token = await sign_on(context, person("kim", "kim@example.org", "staff", "poll-admins"))
    kim = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/auth/me", headers=kim)).json()["role"] == "admin"
    token = await sign_on(context, person("sam", "sam@example.org", "staff"))
    sam = {"Authorization": f"Bearer {token}"}
    me = (await client.get("/api/auth/me", headers=sam)).json()
    assert me["role"] == "organiser"
    assert (await client.get("/api/admin/users", headers=sam)).status_code == 403
    r = await client.patch(f"/api/admin/users/{me['id']}", json={"disabled": True}, headers=kim)
    assert r.status_code == 200, r.text
    assert (await client.get("/api/auth/me", headers=sam)).status_code == 401
    with pytest.raises(SignOnRefused) as refused:
        await sign_on(context, person("sam", "sam@example.org", "staff"))
    assert refused.value.reason is Refusal.DISABLED
    # Leaving the group does not demote: an administrator decides that on /admin.
    await sign_on(context, person("kim", "kim@example.org", "staff"))
    assert (await client.get("/api/auth/me", headers=kim)).json()["role"] == "admin"
    log = (await client.get("/api/admin/audit?action=admin.user_role", headers=kim)).json()
    [entry] = log["items"]
    assert entry["target"] == "kim@example.org to admin (group poll-admins)"
    assert entry["actor_name"] == "single sign-on"
