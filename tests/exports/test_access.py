"""Owner only: another organiser's room or presentation answers exactly as a missing id."""

import httpx

from tests.exports.support import QuestionSpec, build_event
from tests.helpers import new_organiser

FORMATS = ("pdf", "csv", "xlsx")


async def test_every_export_and_share_route_is_owner_only(client: httpx.AsyncClient) -> None:
    event = await build_event(client, [QuestionSpec("Ja?", ["Ja", "Nee"], votes=[[[0]]])])
    rid, pid = event.rooms[0]["id"], event.presentation["id"]
    intruder = await new_organiser(client, "Mallory")
    missing_room, missing_presentation = "0" * 32, "f" * 32

    routes: list[tuple[str, str, str]] = []
    for fmt in FORMATS:
        routes.append(("GET", f"/api/rooms/{rid}/export.{fmt}", f"/api/rooms/{missing_room}/export.{fmt}"))
        routes.append(
            (
                "GET",
                f"/api/presentations/{pid}/export.{fmt}",
                f"/api/presentations/{missing_presentation}/export.{fmt}",
            )
        )
    for method in ("POST", "GET", "DELETE"):
        routes.append((method, f"/api/rooms/{rid}/share", f"/api/rooms/{missing_room}/share"))

    for method, url, missing_url in routes:
        theirs = await client.request(method, url, headers=intruder.headers)
        missing = await client.request(method, missing_url, headers=intruder.headers)
        assert theirs.status_code == 404, (method, url, theirs.status_code)
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json()), url
        anonymous = await client.request(method, url)
        assert anonymous.status_code == 401, (method, url)
        own = await client.request(method, url, headers=event.organiser.headers)
        assert own.status_code in (200, 201, 204), (method, url, own.status_code)

    # The intruder's failed share attempts did not publish or revoke anything of the owner's.
    r = await client.post(f"/api/rooms/{rid}/share", headers=event.organiser.headers)
    token = r.json()["token"]
    await client.delete(f"/api/rooms/{rid}/share", headers=intruder.headers)
    assert (await client.get(f"/results/{token}")).status_code == 200


async def test_export_routes_are_in_the_openapi_document(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for fmt, media in (
        ("pdf", "application/pdf"),
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats"),
    ):
        for path in (
            f"/api/rooms/{{room_id}}/export.{fmt}",
            f"/api/presentations/{{presentation_id}}/export.{fmt}",
        ):
            content = paths[path]["get"]["responses"]["200"]["content"]
            assert any(m.startswith(media) for m in content), (path, content)
    for path in ("/api/rooms/{room_id}/share", "/results/{token}", "/results/{token}.json"):
        assert path in paths
