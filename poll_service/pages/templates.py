"""Jinja2 (autoescaped) page rendering: every page gets its language, texts and static URLs."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from poll_service.http_guards import csp_with_style
from poll_service.i18n import DEFAULT_LANG, Lang, Translator
from poll_service.pages.assets import frontend_dir, static_url
from poll_service.pages.language import explicit_lang, page_catalogues, switch_links
from poll_service.pages.theme import high_contrast
from poll_service.themes.stylesheet import ThemeStyle


@cache
def environment(root: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(root / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    static_dir = root / "static"
    env.filters["spaced"] = spaced_code
    env.globals["static"] = lambda name: static_url(static_dir, name)
    # The question types' client modules (js/types/<type>.js), for the pages to preload those they
    # will import: fetched at once instead of one round trip per level of imports.
    env.globals["type_modules"] = sorted(p.stem for p in (static_dir / "js/types").glob("*.js"))
    return env


def spaced_code(code: str) -> str:
    """Show "12345678" as "1234 5678": easier to read out and to type."""
    return f"{code[:4]} {code[4:]}" if len(code) == 8 and code.isdigit() else code


def request_lang(request: Request, default: Lang | None = None) -> Lang:
    """The visitor's language (see i18n.py), else `default`, else English."""
    return explicit_lang(request) or page_catalogues(request).known(default) or DEFAULT_LANG


def render(
    request: Request,
    template: str,
    *,
    lang: Lang | None = None,
    status_code: int = 200,
    script_texts: tuple[str, ...] = (),
    theme: ThemeStyle | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page in the visitor's language (or `lang`); `script_texts` are catalogue prefixes its
    script needs; `theme`: a presentation's colours, one inline style its CSP lets through by
    hash. Pages show live or personal data, so no cache keeps them."""
    chosen = lang or request_lang(request)
    books = page_catalogues(request)
    t = Translator(chosen, books.texts.get(chosen))
    html = (
        environment(frontend_dir())
        .get_template(template)
        .render(
            request=request,
            lang=chosen,
            t=t,
            script_texts=t.subset(*script_texts) if script_texts else {},
            languages=switch_links(request, chosen),
            high_contrast=high_contrast(request),
            theme=theme,
            **context,
        )
    )
    headers = {"Cache-Control": "no-store", "Content-Language": chosen}
    if theme is not None:
        headers["Content-Security-Policy"] = csp_with_style(theme.csp_source)
    if lang is None:
        headers["Vary"] = "Accept-Language, Cookie"
    return HTMLResponse(html, status_code=status_code, headers=headers)


def bar_rows(options: list[dict[str, Any]], counts: dict[str, int], total: int) -> list[dict[str, Any]]:
    """One row per option for a bar chart: its count and its share of the responses."""
    return [
        {
            "id": o["id"],
            "label": o["label"],
            "count": counts.get(o["id"], 0),
            "percent": round(100 * counts.get(o["id"], 0) / total) if total else 0,
            "correct": bool(o.get("correct")),
        }
        for o in options
    ]
