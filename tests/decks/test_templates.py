"""The built-in templates, in Dutch and English: listed in the user's language, each makes a new
presentation of the caller's with its questions."""

import httpx
import pytest

from poll_service.decks.templates import builtin_templates
from tests.helpers import new_organiser

IDS = ["event-evaluation", "icebreaker", "network-meeting", "retrospective"]


async def test_listed_in_the_users_language(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    r = await client.get("/api/templates?lang=nl", headers=ada.headers)
    assert r.status_code == 200
    assert [(t["id"], t["language"]) for t in r.json()] == [(i, "nl") for i in IDS]
    assert r.json()[0]["title"] == "Evaluatie van het evenement"
    # No ?lang=: the browser's language, else English.
    dutch = await client.get("/api/templates", headers={**ada.headers, "Accept-Language": "nl-NL,nl;q=0.9"})
    assert [t["title"] for t in dutch.json()] == [t["title"] for t in r.json()]
    english = await client.get("/api/templates", headers={**ada.headers, "Accept-Language": "de"})
    assert english.json()[0]["title"] == "Event evaluation"
    assert (await client.get("/api/templates?lang=xx", headers=ada.headers)).status_code == 422


def test_every_template_is_in_both_languages_with_the_same_kinds_of_question() -> None:
    found = builtin_templates()
    assert sorted({tid for tid, _ in found}) == IDS
    for template_id in IDS:
        en, nl = found[template_id, "en"].deck, found[template_id, "nl"].deck
        assert (en.language, nl.language) == ("en", "nl")
        assert [(q.type, len(q.options)) for q in en.questions] == [
            (q.type, len(q.options)) for q in nl.questions
        ]
        assert en.description != nl.description  # written in each language, not copied


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_new_from_every_template(client: httpx.AsyncClient, language: str) -> None:
    ada = await new_organiser(client)
    bob = await new_organiser(client, "Bob")
    for template_id in IDS:
        r = await ada.post(
            "/api/presentations/from-template", {"template": template_id, "language": language}
        )
        assert r.status_code == 201, r.text
        made = r.json()
        deck = builtin_templates()[template_id, language].deck
        assert (made["title"], made["language"]) == (deck.title, language)
        assert [(q["type"], q["prompt"]) for q in made["questions"]] == [
            (q.type, q.prompt) for q in deck.questions
        ]
        assert (await client.get(f"/api/presentations/{made['id']}", headers=bob.headers)).status_code == 404
    assert len((await client.get("/api/presentations", headers=ada.headers)).json()) == len(IDS)
    r = await ada.post("/api/presentations/from-template", {"template": "party"})
    assert r.status_code == 422 and r.json()["detail"].startswith("template: unknown template 'party'")
