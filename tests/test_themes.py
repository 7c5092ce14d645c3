"""Themes: the WCAG AA contrast rule (pairs just above and just below), the API refusing a theme
below AA with the failing pair named, the organiser's default taken by a new presentation, and a
duplicate keeping its source's theme."""

import base64
import hashlib
from typing import Any

import httpx
import pytest

from poll_service.themes.contrast import (
    BRIGHT_BARS,
    DARK_BARS,
    bar_colours,
    check_colours,
    contrast_ratio,
    failures,
    shown_ratio,
)
from poll_service.themes.schemas import Theme
from poll_service.themes.stylesheet import theme_style
from tests.helpers import join, new_organiser

# A dark theme every pair of which passes AA.
NIGHT: dict[str, Any] = {
    "background": "#0f1117",
    "surface": "#1b1e29",
    "text": "#f2f3f7",
    "muted": "#b4b8c9",
    "accent": "#8b8cf8",
    "on_accent": "#0f1117",
    "banner": "#000000",
    "on_banner": "#ffe14d",
    "font": "serif",
}


def test_contrast_ratio_follows_wcag_relative_luminance() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == contrast_ratio("#ffffff", "#767676")  # order-free
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)


@pytest.mark.parametrize(
    ("muted", "passes"),
    [("#767676", True), ("#777777", False)],  # 4.54:1 and 4.48:1 on white: AA text is 4.5:1
)
def test_text_just_above_and_just_below_aa(muted: str, passes: bool) -> None:
    theme = Theme(background="#ffffff", surface="#ffffff", muted=muted)
    failing = [c.pair for c in failures(theme.colours())]
    assert (failing == []) is passes
    if not passes:
        assert failing == ["muted on background", "muted on surface"]


@pytest.mark.parametrize(
    ("accent", "passes"),
    [("#949494", True), ("#959595", False)],  # 3.03:1 and 2.99:1 on white: graphics need 3:1
)
def test_accent_just_above_and_just_below_three_to_one(accent: str, passes: bool) -> None:
    theme = Theme(background="#ffffff", surface="#ffffff", accent=accent, on_accent="#000000")
    failing = [c.pair for c in failures(theme.colours())]
    assert ("accent on background" not in failing) is passes
    assert [p for p in failing if not p.startswith("accent")] == []


def test_a_failing_ratio_is_never_shown_rounded_up_to_a_pass() -> None:
    ratio = contrast_ratio("#777777", "#ffffff")
    assert ratio < 4.5 and shown_ratio(ratio) == "4.47:1"
    assert shown_ratio(4.4999) == "4.49:1"


def test_bars_take_the_set_that_reads_on_the_background() -> None:
    assert bar_colours("#ffffff") == DARK_BARS
    assert bar_colours("#0f1117") == BRIGHT_BARS
    # A mid-grey ground suits neither set: a bar is named with its ratio.
    failing = [c.pair for c in failures({**Theme().colours(), "background": "#8a8a8a", "surface": "#8a8a8a"})]
    assert any(p.startswith("bar colour") and p.endswith("on background") for p in failing)


def test_every_pair_is_checked_and_the_dark_example_passes() -> None:
    checks = check_colours(Theme.model_validate(NIGHT).colours())
    assert all(c.passes for c in checks)
    pairs = {c.pair for c in checks}
    assert {"text on background", "text on surface", "on_accent on accent", "on_banner on banner"} <= pairs
    assert sum(p.startswith("bar colour") for p in pairs) == 16  # eight bars on two grounds


async def test_the_api_refuses_a_theme_below_aa_naming_the_pair(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    pid = (await ada.presentation())["id"]
    low = {**NIGHT, "muted": "#4a4f63"}  # grey on near-black
    r = await client.put(f"/api/presentations/{pid}/theme", json=low, headers=ada.headers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert "muted on background: 2.32:1" in body["detail"] and "needs at least 4.5:1" in body["detail"]
    assert [f["pair"] for f in body["failures"]] == ["muted on background", "muted on surface"]
    assert all(f["ratio"] < 4.5 and not f["passes"] for f in body["failures"])
    # Nothing was stored.
    r = await client.get(f"/api/presentations/{pid}/theme", headers=ada.headers)
    assert r.json()["source"] == "built_in"

    r = await client.put(f"/api/presentations/{pid}/theme", json=NIGHT, headers=ada.headers)
    assert r.status_code == 200, r.text
    assert r.json()["source"] == "presentation" and r.json()["theme"] == NIGHT
    assert all(p["passes"] for p in r.json()["contrast"])
    r = await client.get(f"/api/presentations/{pid}", headers=ada.headers)
    assert r.json()["theme"] == NIGHT


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "red"},
        {"text": "#12345"},
        {"text": "#gggggg"},
        {"font": "Comic Sans"},
        {"logo": "x.png"},
        {"text": "#" + "a" * 5000},
    ],
)
async def test_malformed_themes_are_a_clear_422(client: httpx.AsyncClient, bad: dict[str, str]) -> None:
    ada = await new_organiser(client)
    pid = (await ada.presentation())["id"]
    r = await client.put(f"/api/presentations/{pid}/theme", json={**NIGHT, **bad}, headers=ada.headers)
    assert r.status_code == 422 and isinstance(r.json()["detail"], list), r.text


async def test_a_new_presentation_takes_the_organisers_default(client: httpx.AsyncClient) -> None:
    ada = await new_organiser(client)
    bob = await new_organiser(client, "Bob")
    before = await ada.presentation("Before")
    assert before["theme"] is None
    r = await client.put("/api/themes/default", json={**NIGHT, "text": "#3a3a3a"}, headers=ada.headers)
    assert r.status_code == 422 and "text on background" in r.json()["detail"]
    r = await client.put("/api/themes/default", json=NIGHT, headers=ada.headers)
    assert r.status_code == 200 and r.json()["source"] == "organiser"

    after = await ada.presentation("After")
    assert after["theme"] == NIGHT
    assert (await client.get(f"/api/presentations/{before['id']}", headers=ada.headers)).json()[
        "theme"
    ] is None
    assert (await bob.presentation("Bob's"))["theme"] is None  # one organiser's default only

    # A duplicate keeps its source's theme, even after the default changed.
    await client.delete("/api/themes/default", headers=ada.headers)
    r = await client.post(f"/api/presentations/{after['id']}/duplicate", json={}, headers=ada.headers)
    assert r.status_code == 201 and r.json()["theme"] == NIGHT
    assert (await ada.presentation("Later"))["theme"] is None

    # Back to the pages' own look.
    r = await client.delete(f"/api/presentations/{after['id']}/theme", headers=ada.headers)
    assert r.json()["source"] == "built_in"
    r = await client.get(f"/api/presentations/{after['id']}/theme", headers=bob.headers)
    assert r.status_code == 404  # another organiser's presentation


def test_each_page_gets_only_the_properties_it_reads() -> None:
    theme = Theme.model_validate(NIGHT)
    phone, presenter = theme_style(theme, "phone"), theme_style(theme, "presenter")
    assert "--t-banner" not in phone.css and "--t-banner:#000000" in presenter.css
    assert "--ink" not in phone.css and "--ink:#f2f3f7" in theme_style(theme, "results").css
    assert "--bg:#0f1117" in phone.css and "Charter" in phone.css
    assert len(phone.css.encode()) < 700  # the phone page stays light
    digest = base64.b64encode(hashlib.sha256(phone.css.encode()).digest()).decode()
    assert phone.csp_source == f"'sha256-{digest}'"


async def test_a_themed_phone_page_carries_its_style_and_a_csp_that_allows_exactly_it(
    client: httpx.AsyncClient,
) -> None:
    ada = await new_organiser(client)
    plain, themed = await ada.presentation("Plain"), await ada.presentation("Themed")
    r = await client.put(f"/api/presentations/{themed['id']}/theme", json=NIGHT, headers=ada.headers)
    assert r.status_code == 200
    for presentation, theme in ((plain, None), (themed, NIGHT)):
        room = await ada.room(presentation["id"])
        phone = await join(client, room["join_code"])
        client.cookies.set("poll_participant", phone.token)
        page = await client.get(f"/{room['join_code']}")
        client.cookies.clear()
        csp = page.headers["content-security-policy"]
        if theme is None:
            assert "<style>" not in page.text and "style-src 'self';" in csp
            continue
        style = theme_style(Theme.model_validate(theme), "phone")
        assert f"<style>{style.css}</style>" in page.text
        assert f"style-src 'self' {style.csp_source};" in csp
