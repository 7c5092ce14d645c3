"""The visitor's language: what they asked for (URL or cookie) or their browser says, the switch on
every page, and GET /lang/{lang} that remembers a choice in a cookie.

The switch is a list of plain links (no script, works on every page): each goes through
/lang/{lang}, which sets the `poll_lang` cookie and returns to the same page with `?lang=` on it."""

import time
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlmodel import col, select

from poll_service.i18n import DEFAULT_LANG, LANG_COOKIE, Catalogues, Lang, catalogues
from poll_service.models import Presentation

if TYPE_CHECKING:
    from poll_service.context import AppContext

router = APIRouter(tags=["pages"])

LANG_PARAM = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
MAX_NEXT_CHARS = 500


def page_catalogues(request: Request) -> Catalogues:
    """The built-in catalogues plus those of POLL_LOCALE_DIR (when this app has one)."""
    context = getattr(request.app.state, "context", None)
    return catalogues(context.settings.locale_dir if context is not None else None)


def explicit_lang(request: Request) -> Lang | None:
    """`?lang=`, else the remembered choice, else the browser's language; None when none of these
    names a language we have (then the page's own default applies)."""
    books = page_catalogues(request)
    return (
        books.known(request.query_params.get(LANG_PARAM))
        or books.known(request.cookies.get(LANG_COOKIE))
        or books.negotiate(request.headers.get("accept-language"))
    )


def asked_lang(request: Request) -> Lang | None:
    """Only `?lang=` (the presenter screen follows its presentation, not the organiser's browser)."""
    return page_catalogues(request).known(request.query_params.get(LANG_PARAM))


def safe_path(value: str | None) -> str | None:
    """A path on this site only (never "//other.example", "/\\other" or a full URL)."""
    if (
        value
        and value.startswith("/")
        and len(value) <= MAX_NEXT_CHARS
        and value.isprintable()
        and "\\" not in value
        and not value.startswith("//")
        and not urlsplit(value).netloc
    ):
        return value
    return None


def _return_path(request: Request) -> str:
    """The page to come back to: this one, or for a page answering a form post (POST /join with a
    wrong code) the page the form was on."""
    if request.method in ("GET", "HEAD"):
        return request.url.path
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.headers.get("host") and safe_path(referer.path):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def with_lang(path: str, lang: Lang, query: list[tuple[str, str]]) -> str:
    kept = [(k, v) for k, v in query if k != LANG_PARAM][:20]
    return f"{path}?{urlencode([*kept, (LANG_PARAM, lang)])}"


def switch_links(request: Request, current: Lang) -> list[dict[str, Any]]:
    """One entry per language for the switch: its own name, and where its link goes."""
    books = page_catalogues(request)
    back = _return_path(request)
    parts = urlsplit(back)
    if request.method in ("GET", "HEAD"):
        query = request.query_params.multi_items()
    else:
        query = parse_qsl(parts.query, keep_blank_values=True)
    links = []
    for lang in books.languages:
        target = with_lang(parts.path, lang, query)
        links.append(
            {
                "code": lang,
                "name": books.name(lang),
                "current": lang == current,
                "href": f"/lang/{lang}?{urlencode({'next': target})}",
            }
        )
    return links


@router.get(
    "/lang/{lang}",
    summary="Choose the language of the pages: remembered in a cookie, then back to `next`",
    response_class=RedirectResponse,
    status_code=303,
    responses={404: {"description": "No texts for that language"}},
)
async def choose_language(lang: str, request: Request, next: str | None = None) -> Response:
    books = page_catalogues(request)
    chosen = books.known(lang)
    if chosen is None or chosen != lang:
        return JSONResponse(
            {"detail": f"no texts for language {lang[:20]!r}; choose one of: {', '.join(books.languages)}"},
            status_code=404,
        )
    target = safe_path(next) or f"/?{urlencode({LANG_PARAM: chosen})}"
    response = RedirectResponse(target, status_code=303)
    context = getattr(request.app.state, "context", None)
    response.set_cookie(
        LANG_COOKIE,
        chosen,
        max_age=COOKIE_MAX_AGE,
        path="/",
        samesite="lax",
        httponly=True,
        secure=bool(context and context.settings.secure_cookies),
    )
    return response


# A room's audience default is its presentation's language. Phones ask for it only when neither
# they nor their browser name a language of ours; a short memory spares the database the repeats.
_PRESENTATION_LANG_TTL = 60.0
_PRESENTATION_LANG_MAX = 10_000
_presentation_langs: dict[str, tuple[float, Lang]] = {}


async def audience_lang(request: Request, context: "AppContext", presentation_id: str | None) -> Lang:
    """The language of a room's phone page: the visitor's own choice, else the presentation's."""
    chosen = explicit_lang(request)
    if chosen is not None or not presentation_id:
        return chosen or DEFAULT_LANG
    now = time.monotonic()
    cached = _presentation_langs.get(presentation_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    async with context.sessionmaker() as session:
        stored = await session.scalar(
            select(col(Presentation.language)).where(col(Presentation.id) == presentation_id)
        )
    lang = page_catalogues(request).known(stored) or DEFAULT_LANG
    if len(_presentation_langs) >= _PRESENTATION_LANG_MAX:
        _presentation_langs.clear()
    _presentation_langs[presentation_id] = (now + _PRESENTATION_LANG_TTL, lang)
    return lang


# Languages whose numbers take a decimal point: Excel there splits a CSV on commas. Where the
# decimal mark is a comma (Dutch, German, French, …), Excel's list separator is a semicolon.
_DECIMAL_POINT_LANGS = {"en", "ga", "he", "ja", "ko", "mt", "th", "zh"}


def excel_csv_separator(lang: str) -> Literal["comma", "semicolon"]:
    """The CSV separator (the exports' `?separator=`) Excel expects of someone reading `lang`."""
    return "comma" if lang.split("-")[0].lower() in _DECIMAL_POINT_LANGS else "semicolon"
