"""Compressed answers: pages, scripts, styles and the organisers' JSON reads are sent gzipped (the
saving is printed); the vote path, writes, tiny answers, already-compressed files (PDF, XLSX) and
the sockets are not touched."""

import httpx
import pytest

from tests.helpers import join, new_organiser

# gzip on the way out: no dialect in it.
pytestmark = pytest.mark.sqlite_only

GZIP = {"Accept-Encoding": "gzip"}


async def sizes(client: httpx.AsyncClient, url: str, auth: dict[str, str]) -> tuple[int, int, httpx.Response]:
    """Bytes on the wire without and with gzip, and the gzipped answer."""
    packed = await client.get(url, headers={**GZIP, **auth})
    plain = await client.get(url, headers={"Accept-Encoding": "identity", **auth})
    assert packed.status_code == plain.status_code == 200, (url, packed.status_code)
    assert packed.content == plain.content  # the same document either way
    assert "content-encoding" not in plain.headers
    return plain.num_bytes_downloaded, packed.num_bytes_downloaded, packed


async def test_pages_scripts_styles_and_json_reads_are_compressed(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=20, options=6)
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    first = presentation["questions"][0]
    assert (await phone.vote(first["id"], [first["options"][0]["id"]])).status_code == 201

    page = (await client.get("/")).text
    assets = [u for u in page.split('"') if u.startswith("/static/v-") and u.endswith((".js", ".css"))]
    urls = ["/", *assets, f"/api/presentations/{presentation['id']}", f"/api/rooms/{room['id']}/results"]
    lines = []
    for url in urls:
        plain, packed, answer = await sizes(client, url, ada.headers if url.startswith("/api/") else {})
        assert answer.headers["content-encoding"] == "gzip", url
        assert "Accept-Encoding" in answer.headers["vary"], url
        assert packed < plain * 0.6, (url, plain, packed)
        lines.append(
            f"  {url[:60]:<60} {plain:>7} B -> {packed:>6} B ({100 - 100 * packed / plain:.0f} % less)"
        )
    print("\ngzip on the wire:\n" + "\n".join(lines))


async def test_the_vote_path_writes_tiny_answers_and_files_stay_plain(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    presentation = await ada.presentation(questions=3, options=30)
    room = await ada.room(presentation["id"])
    phone = await join(client, room["join_code"])
    question = presentation["questions"][0]

    # The participants' hot path: join, state, vote. (The state of a 30-option question is large
    # enough to compress, but it is sent as it is.)
    joined = await client.post("/api/join", json={"join_code": room["join_code"]}, headers=GZIP)
    assert joined.status_code == 200 and "content-encoding" not in joined.headers
    client.cookies.clear()
    state = await client.get(f"/api/join/{room['join_code']}/state", headers={**GZIP, **phone.headers})
    assert state.status_code == 200 and len(state.content) > 500
    assert "content-encoding" not in state.headers
    vote = await client.post(
        f"/api/join/{room['join_code']}/responses",
        json={"question_id": question["id"], "choice_ids": [question["options"][0]["id"]]},
        headers={**GZIP, **phone.headers},
    )
    assert vote.status_code == 201 and "content-encoding" not in vote.headers

    # Writes by organisers, tiny answers and files that are compressed already.
    created = await client.post(
        "/api/presentations", json={"title": "x" * 150}, headers={**GZIP, **ada.headers}
    )
    assert created.status_code == 201 and "content-encoding" not in created.headers
    health = await client.get("/health", headers=GZIP)
    assert len(health.content) < 500 and "content-encoding" not in health.headers
    for kind in ("pdf", "xlsx"):
        export = await client.get(f"/api/rooms/{room['id']}/export.{kind}", headers={**GZIP, **ada.headers})
        assert export.status_code == 200 and "content-encoding" not in export.headers, kind
    csv = await client.get(f"/api/rooms/{room['id']}/export.csv", headers={**GZIP, **ada.headers})
    assert csv.status_code == 200
