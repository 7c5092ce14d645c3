"""Languages: the switch on every page, the remembered choice, and the presentation's language as
the presenter's and the audience's default (tests/test_third_language.py: a new language)."""

import httpx
import pytest

from poll_service.i18n import catalogue
from tests.helpers import Organiser, new_organiser

# Language negotiation, the switch and its cookie: nothing here reaches SQL the dialects differ on.
pytestmark = pytest.mark.sqlite_only

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9"}
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def lang_of(page: httpx.Response) -> str:
    head = page.text.split("<html lang=", 1)[1]
    return head.split(">", 1)[0].strip('"')


def switch_hrefs(page: httpx.Response) -> dict[str, str]:
    """The language switch's links: language code -> href."""
    links = {}
    for part in page.text.split('hreflang="')[1:]:
        code = part.split('"', 1)[0]
        href = page.text.split('hreflang="' + code, 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
        links[code] = href.replace("&amp;", "&")
    return links


async def test_every_page_has_a_language_switch_that_is_remembered(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    for path in ("/", "/12345678", "/login"):
        page = await client.get(path, headers=ENGLISH)
        assert lang_of(page) == "en"
        assert 'aria-label="Language"' in page.text
        assert switch_hrefs(page)["nl"].startswith("/lang/nl?next=")
        assert '<span class="lang-current" lang="en" aria-current="true">English</span>' in page.text
    client.cookies.set("poll_session", ada.token)
    dashboard = await client.get("/dashboard", headers=ENGLISH)
    assert lang_of(dashboard) == "en" and "/lang/nl?next=%2Fdashboard%3Flang%3Dnl" in dashboard.text
    client.cookies.clear()

    # Following the Dutch link: a cookie remembers the choice, and back to the same page.
    login = await client.get("/login?next=/dashboard", headers=ENGLISH)
    chosen = await client.get(switch_hrefs(login)["nl"], headers=ENGLISH)
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/login?next=%2Fdashboard&lang=nl"
    cookie = chosen.headers["set-cookie"]
    assert cookie.startswith("poll_lang=nl;") and "Max-Age=31536000" in cookie and "SameSite=lax" in cookie
    page = await client.get(chosen.headers["location"], headers=ENGLISH)
    assert lang_of(page) == "nl" and catalogue("nl")["login.title"] in page.text
    # Remembered: other pages speak Dutch too, whatever the browser says, until changed again.
    assert lang_of(await client.get("/", headers=ENGLISH)) == "nl"
    assert lang_of(await client.get("/?lang=en", headers=DUTCH)) == "en"  # a link may ask for one
    back = await client.get("/lang/en?next=/", headers=DUTCH)
    assert back.headers["set-cookie"].startswith("poll_lang=en;")
    assert lang_of(await client.get("/", headers=DUTCH)) == "en"
    client.cookies.clear()


async def test_the_switch_on_a_page_after_a_form_post_returns_to_the_form(client: httpx.AsyncClient) -> None:
    wrong = await client.post(
        "/join", data={"join_code": "0000 0000"}, headers={**ENGLISH, "Referer": "http://testserver/"}
    )
    assert wrong.status_code == 404
    assert switch_hrefs(wrong)["nl"] == "/lang/nl?next=%2F%3Flang%3Dnl"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/lang/xx?next=/", 404),
        ("/lang/NL?next=/", 404),
        ("/lang/nl-BE?next=/", 404),
        ("/lang/" + "n" * 300, 404),
    ],
)
async def test_unknown_languages_are_refused(client: httpx.AsyncClient, path: str, status: int) -> None:
    r = await client.get(path)
    assert r.status_code == status
    assert "choose one of: en, nl" in r.json()["detail"]
    assert "set-cookie" not in r.headers


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "x"])
async def test_the_switch_only_returns_to_this_site(client: httpx.AsyncClient, target: str) -> None:
    r = await client.get("/lang/nl", params={"next": target})
    assert r.status_code == 303 and r.headers["location"] == "/?lang=nl"


async def room_of(client: httpx.AsyncClient, language: str) -> tuple[Organiser, dict[str, str]]:
    ada = await new_organiser(client)
    p = (await ada.post("/api/presentations", {"title": "Teamdag", "language": language})).json()
    r = await ada.post(
        f"/api/presentations/{p['id']}/questions",
        {
            "type": "multiple_choice",
            "prompt": "Koffie of thee?",
            "options": [{"label": "Koffie"}, {"label": "Thee"}],
        },
    )
    assert r.status_code == 201
    return ada, await ada.room(p["id"])


async def test_the_presentations_language_sets_the_presenter_and_the_audience_default(
    client: httpx.AsyncClient,
) -> None:
    ada, room = await room_of(client, "nl")
    client.cookies.set("poll_session", ada.token)
    # The presenter screen speaks the presentation's language, not the organiser's browser...
    page = await client.get(f"/present/{room['id']}", headers=ENGLISH)
    assert lang_of(page) == "nl" and catalogue("nl")["present.go_to"] in page.text
    # ...unless its URL asks for another (its switch adds ?lang=).
    page = await client.get(f"/present/{room['id']}?lang=en", headers=DUTCH)
    assert lang_of(page) == "en" and catalogue("en")["present.go_to"] in page.text
    assert "/lang/nl?next=%2Fpresent%2F" in page.text
    client.cookies.clear()

    # Phones: the browser's language when it names one of ours, else the presentation's.
    joined = await client.post("/join", data={"join_code": room["join_code"]}, headers=FRENCH)
    assert joined.status_code == 303
    assert lang_of(await client.get(f"/{room['join_code']}", headers=FRENCH)) == "nl"
    assert lang_of(await client.get(f"/{room['join_code']}", headers=ENGLISH)) == "en"
    client.cookies.set("poll_lang", "en")
    assert lang_of(await client.get(f"/{room['join_code']}", headers=FRENCH)) == "en"
    client.cookies.clear()


async def test_the_shared_results_page_can_be_read_in_the_other_language(client: httpx.AsyncClient) -> None:
    ada, room = await room_of(client, "en")
    shared = await ada.post(f"/api/rooms/{room['id']}/share")
    assert shared.status_code == 201
    path = "/results/" + shared.json()["url"].rsplit("/", 1)[1]
    page = await client.get(path)
    assert lang_of(page) == "en" and 'href="?lang=nl" hreflang="nl" lang="nl">Nederlands</a>' in page.text
    dutch = await client.get(path, params={"lang": "nl"})
    assert lang_of(dutch) == "nl" and "Resultatenoverzicht" in dutch.text
    assert '<span class="lang-current" lang="nl" aria-current="true">Nederlands</span>' in dutch.text
    wrong = await client.get(path, params={"lang": "xx"})
    assert wrong.status_code == 422 and wrong.json()["detail"]
