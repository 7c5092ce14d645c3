"""Every route that takes an id, found by walking the app's routes (so a route added later is
covered without editing this file), answers another organiser's ids exactly as ids that do not
exist: 404 with the same body. Without a login it is 401 (or the log-in page for HTML pages)."""

import base64
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from poll_service.accounts.auth import current_organiser
from poll_service.privacy.bursts import join_source
from tests.helpers import Organiser, join, new_organiser
from tests.support.images import picture

# Paths any visitor may use by design: a participant's code, a shared-results token, a language,
# an uploaded image (phones and the shared results page show it; its id is random, docs/media.md),
# an invitation link (its token is the secret).
PUBLIC_PREFIXES = (
    "/api/join/",
    "/{join_code",
    "/results/{token}",
    "/lang/",
    "/ws/join/",
    "/media/",
    "/invite/{token}",
)
MISSING = "0" * 32
# The server's administration (docs/administration.md): an organiser is refused there (403) the
# same way for an account that exists as for one that does not, so it tells them nothing either.
ADMIN_PREFIXES = ("/api/admin/", "/admin/")

# Bodies that pass validation, so the ownership check (not a 422) decides the answer.
BODIES: dict[tuple[str, str], Any] = {
    ("PATCH", "/api/webhooks/{webhook_id}"): {"enabled": False},
    ("PATCH", "/api/workspaces/{workspace_id}/webhooks/{webhook_id}"): {"enabled": False},
    ("POST", "/api/workspaces/{workspace_id}/webhooks"): {
        "url": "https://93.184.215.14/hook",
        "events": ["room.ended"],
    },
    ("PATCH", "/api/presentations/{presentation_id}"): {"title": "mine now"},
    ("POST", "/api/presentations/{presentation_id}/questions"): {
        "type": "multiple_choice",
        "prompt": "x",
        "options": [{"label": "a"}, {"label": "b"}],
    },
    ("PATCH", "/api/questions/{question_id}"): {"prompt": "hijacked"},
    ("PUT", "/api/presentations/{presentation_id}/question-order"): {"question_ids": []},
    ("POST", "/api/rooms/{room_id}/control"): {"action": "end"},
    ("PATCH", "/api/rooms/{room_id}"): {"name": "mine now"},
    ("PATCH", "/api/rooms/{room_id}/qna/{question_id}"): {"answered": True},
    ("PATCH", "/api/rooms/{room_id}/responses/{response_id}"): {"status": "hidden"},
    ("POST", "/api/rooms/{room_id}/questions/{question_id}/hidden-words"): {"word": "koffie"},
    ("POST", "/api/presentations/{presentation_id}/duplicate"): {"with_results": True},
    ("PUT", "/api/presentations/{presentation_id}/theme"): {"text": "#000000"},
    ("POST", "/api/presentations/{presentation_id}/questions/import"): {
        "format": "csv",
        "content_base64": base64.b64encode(b"word_cloud,One word?\n").decode(),
    },
    ("PATCH", "/api/workspaces/{workspace_id}/members/{user_id}"): {"role": "owner"},
    ("POST", "/api/workspaces/{workspace_id}/invitations"): {"email": "mallory@example.org", "role": "owner"},
}

# Organiser routes that take no id: they act on the caller's own things only (what they make is
# the caller's; tests/decks/ checks another organiser gets 404 for it). Without a login: 401.
NO_ID_ORGANISER_ROUTES = {
    ("POST", "/api/presentations/import"),
    ("POST", "/api/presentations/from-template"),
    ("GET", "/api/templates"),
    ("GET", "/api/themes/default"),
    ("PUT", "/api/themes/default"),
    ("DELETE", "/api/themes/default"),
}


def _deps(dependant: Any) -> set[Any]:
    found = set()
    for dep in dependant.dependencies:
        found.add(dep.call)
        found |= _deps(dep)
    return found


def id_routes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """(method, path, needs_organiser) for every HTTP route with a path parameter that is not
    public by design. Pages that check the login themselves count as organiser routes too."""
    routes = []
    for ctx in iter_route_contexts(app.router.routes):
        route = ctx.route
        path = ctx.path_format if hasattr(ctx, "path_format") else ctx.path
        if "{" not in path or not hasattr(route, "dependant") or not ctx.methods:
            continue
        if path.startswith(PUBLIC_PREFIXES) or path.startswith("/ws/"):
            continue
        organiser = current_organiser in _deps(route.dependant)
        for method in sorted(ctx.methods - {"HEAD"}):
            routes.append((method, path, organiser))
    return routes


async def _ada_world(client: httpx.AsyncClient) -> tuple[Organiser, dict[str, str]]:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=2)
    room = await ada.room(presentation["id"])
    question = presentation["questions"][0]
    phone = await join(client, room["join_code"])
    vote = await phone.vote(question["id"], [question["options"][0]["id"]])
    assert vote.status_code == 201
    token = await client.post("/api/tokens", json={"name": "Ada's script"}, headers=ada.headers)
    assert token.status_code == 201, token.text
    image = await client.post(
        f"/api/presentations/{presentation['id']}/media",
        content=picture("PNG"),
        headers={**ada.headers, "Content-Type": "image/png"},
    )
    assert image.status_code == 201, image.text
    workspace_id = presentation["workspace_id"]  # her personal workspace
    invitation = await ada.post(f"/api/workspaces/{workspace_id}/invitations", {"email": "eve@example.org"})
    assert invitation.status_code == 201, invitation.text
    me = (await client.get("/api/auth/me", headers=ada.headers)).json()
    hook = await client.post(  # a public address: the default settings refuse private ones
        "/api/webhooks",
        json={"url": "https://93.184.215.14/hook", "events": ["room.ended"]},
        headers=ada.headers,
    )
    assert hook.status_code == 201, hook.text
    ids = {
        "media_id": image.json()["id"],
        "workspace_id": workspace_id,
        "user_id": me["id"],
        "invitation_id": invitation.json()["id"],
        "token_id": token.json()["id"],
        "webhook_id": hook.json()["id"],
        "presentation_id": presentation["id"],
        "room_id": room["id"],
        "question_id": question["id"],
        "participant_id": phone.participant_id,
        "response_id": vote.json()["response_id"],
        "word": "koffie",
    }
    return ada, ids


def _fill(path: str, ids: dict[str, str]) -> str:
    import re

    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        assert name in ids, f"no sample value for {{{name}}} in {path}: add one to this test"
        return ids[name]

    return re.sub(r"\{([^}]+)\}", value, path)


async def test_every_id_route_hides_other_organisers_objects(app: FastAPI, client: httpx.AsyncClient) -> None:
    ada, ids = await _ada_world(client)
    # Her phone's join source (privacy/bursts.py): the client fixture speaks from 203.0.113.7.
    ids["source"] = join_source(app.state.context.settings.secret, ids["room_id"], "203.0.113.7")
    bob = await new_organiser(client, "Bob")
    missing = {k: (v if k == "word" else MISSING) for k, v in ids.items()}
    routes = id_routes(app)
    # Sanity: the walk finds the routes the contract names, and this round's additions.
    paths = {p for _, p, _ in routes}
    assert {"/api/rooms/{room_id}/results", "/api/presentations/{presentation_id}/export.pdf"} <= paths
    assert "/api/rooms/{room_id}/participants/{participant_id}" in paths
    assert {
        "/api/presentations/{presentation_id}/duplicate",
        "/api/presentations/{presentation_id}/deck",
        "/api/presentations/{presentation_id}/pdf-deck",
    } <= paths
    # Deletions last, so a broken check cannot hide the others.
    routes.sort(key=lambda r: r[0] == "DELETE")
    checked = 0
    for method, path, organiser in routes:
        body = BODIES.get((method, path))
        kwargs: dict[str, Any] = {"json": body} if body is not None else {}
        theirs = await client.request(method, _fill(path, ids), headers=bob.headers, **kwargs)
        absent = await client.request(method, _fill(path, missing), headers=bob.headers, **kwargs)
        hidden = 403 if path.startswith(ADMIN_PREFIXES) else 404
        assert theirs.status_code == hidden, (method, path, theirs.status_code, theirs.text[:200])
        assert absent.status_code == hidden, (method, path, absent.status_code)
        if theirs.headers.get("content-type", "").startswith("application/json"):
            assert theirs.json() == absent.json(), (method, path)
        elif hidden == 403:  # the refusal page names no account
            assert theirs.text == absent.text, (method, path)
        anonymous = await client.request(method, _fill(path, ids), **kwargs)
        if organiser:
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
        else:  # an HTML page: never the page itself without a login
            assert anonymous.status_code in {303, 307, 401, 404}, (method, path, anonymous.status_code)
        checked += 1
    assert checked >= 30
    # Nothing of Ada's changed: her presentation, room and vote are as they were.
    r = await client.get(f"/api/presentations/{ids['presentation_id']}", headers=ada.headers)
    assert r.status_code == 200 and r.json()["title"] == "Town hall" and len(r.json()["questions"]) == 2
    room = (await client.get(f"/api/rooms/{ids['room_id']}", headers=ada.headers)).json()
    assert room["status"] == "live" and room["participant_count"] == 1
    results = (await client.get(f"/api/rooms/{ids['room_id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 1


async def test_sub_ids_of_another_room_are_not_found_in_ones_own_room(client: httpx.AsyncClient) -> None:
    """Bob's own room, with Ada's participant: he cannot remove people from her room that way."""
    ada, ids = await _ada_world(client)
    bob = await new_organiser(client, "Bob")
    bob_presentation = await bob.presentation()
    bob_room = await bob.room(bob_presentation["id"])
    r = await client.delete(
        f"/api/rooms/{bob_room['id']}/participants/{ids['participant_id']}", headers=bob.headers
    )
    assert r.status_code == 404
    results = (await client.get(f"/api/rooms/{ids['room_id']}/results", headers=ada.headers)).json()
    assert results["questions"][0]["response_count"] == 1


def organiser_routes_without_id(app: FastAPI) -> set[tuple[str, str]]:
    found = set()
    for ctx in iter_route_contexts(app.router.routes):
        path = ctx.path_format if hasattr(ctx, "path_format") else ctx.path
        if "{" in path or not hasattr(ctx.route, "dependant") or not ctx.methods:
            continue
        if current_organiser in _deps(ctx.route.dependant):
            found |= {(method, path) for method in ctx.methods - {"HEAD"}}
    return found


async def test_organiser_routes_without_an_id_need_a_login(app: FastAPI, client: httpx.AsyncClient) -> None:
    routes = organiser_routes_without_id(app)
    assert routes >= NO_ID_ORGANISER_ROUTES
    for method, path in sorted(routes):
        r = await client.request(method, path, json={})
        assert r.status_code == 401, (method, path, r.status_code)


# Routes without an id that anyone may call by design: signing in through the organisation's
# provider and logging out (poll_service/sso/router.py). They act on the caller's own browser only.
SIGN_IN_ROUTES = {("GET", "/auth/oidc/start"), ("GET", "/auth/oidc/callback"), ("POST", "/logout")}


async def test_sign_in_routes_touch_only_the_callers_own_session(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    found = {(m, ctx.path) for ctx in iter_route_contexts(app.router.routes) for m in (ctx.methods or ())}
    assert found >= SIGN_IN_ROUTES, "a sign-in route moved: classify it here"
    ada, ids = await _ada_world(client)
    bob = await new_organiser(client, "Bob")
    for method, path in sorted(SIGN_IN_ROUTES):
        # Bob's token, and Ada's session id as a query value where a route might take one.
        r = await client.request(method, f"{path}?state={ada.token}&code={ada.token}", headers=bob.headers)
        assert r.status_code in {200, 303, 400, 404}, (method, path, r.status_code)
        assert "poll_session=" not in r.headers.get("set-cookie", "").replace('poll_session=""', "")
    r = await client.get(f"/api/presentations/{ids['presentation_id']}", headers=ada.headers)
    assert r.status_code == 200, "Ada's session must outlive Bob's logout"
    r = await client.get("/api/auth/me", headers=bob.headers)
    assert r.status_code == 401  # his own, as POST /api/auth/logout would
