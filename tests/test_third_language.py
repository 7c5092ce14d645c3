"""A third language is only a new catalogue file: dropped into POLL_LOCALE_DIR, it is chosen from
the browser, offered by the switch and remembered; a broken file stops the start."""

import json
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from poll_service.app import create_app
from poll_service.i18n import catalogue
from poll_service.settings import Settings
from tests.conftest import empty_database, make_settings
from tests.test_languages import DUTCH, ENGLISH, lang_of, switch_hrefs

# A catalogue file on disk: no dialect in it.
pytestmark = pytest.mark.sqlite_only

GERMAN = {
    "lang.name": "Deutsch",
    "lang.switch": "Sprache",
    "phone.title": "Mitmachen und abstimmen",
    "phone.join_title": "Bei der Abstimmung mitmachen",
    "phone.code_label": "Code auf dem Bildschirm",
    "phone.join": "Mitmachen",
}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The app with a folder of extra catalogues holding only a German file."""
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "de.json").write_text(json.dumps(GERMAN, ensure_ascii=False), encoding="utf-8")
    return make_settings(database_url, locale_dir=folder)


async def test_a_third_language_is_only_a_new_catalogue_file(client: httpx.AsyncClient) -> None:
    page = await client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert lang_of(page) == "de"
    assert page.headers["content-language"] == "de"
    assert "Bei der Abstimmung mitmachen" in page.text and "Code auf dem Bildschirm" in page.text
    # Texts the file lacks fall back to English; scripts get the same texts.
    assert catalogue("en")["phone.code_help"] in page.text
    assert '"phone.join": "Mitmachen"' in page.text.replace("&#34;", '"')
    # The switch offers it, named in itself, and the choice is remembered.
    hrefs = switch_hrefs(await client.get("/", headers=ENGLISH))
    assert set(hrefs) == {"de", "nl"}
    assert ">Deutsch</a>" in (await client.get("/", headers=ENGLISH)).text
    chosen = await client.get(hrefs["de"])
    assert chosen.headers["set-cookie"].startswith("poll_lang=de;")
    assert lang_of(await client.get("/", headers=DUTCH)) == "de"
    client.cookies.clear()
    # The built-in languages are untouched.
    assert lang_of(await client.get("/", headers=DUTCH)) == "nl"


@pytest.mark.parametrize(
    "content",
    ['{"lang.name": 3}', "[1, 2]", "not json", '{"x": "' + "y" * 5000 + '"}', "\udcff"],
)
def test_a_broken_catalogue_stops_the_start(tmp_path: Path, content: str) -> None:
    (tmp_path / "fy.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(ValidationError, match=r"fy\.json"):
        make_settings("sqlite+aiosqlite:///unused.db", locale_dir=tmp_path)


def test_the_locale_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a folder"):
        make_settings("sqlite+aiosqlite:///unused.db", locale_dir=tmp_path / "missing")


async def test_catalogue_files_of_other_names_are_ignored(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "README.json").write_text('{"not": "a language"}')
    (tmp_path / "de-DE.json").write_text('{"lang.name": "nope"}')
    settings = make_settings(database_url, locale_dir=tmp_path)
    await empty_database(database_url)
    app: FastAPI = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            page = await http.get("/", headers=ENGLISH)
            assert set(switch_hrefs(page)) == {"nl"}
