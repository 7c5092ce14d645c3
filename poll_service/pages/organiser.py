"""The organiser's pages: the dashboard, the presenter screen, the speaker view and a room's results
(log-in and sign-up: login.py; what every organiser page needs: organiser_session.py).

The pages check the session cookie themselves (to redirect to the login page instead of answering
401 JSON); their scripts then call the JSON API with the same cookie."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.i18n import as_lang
from poll_service.ids import iso
from poll_service.models import Question
from poll_service.pages.answers import result_rows
from poll_service.pages.language import asked_lang, excel_csv_separator
from poll_service.pages.organiser_session import (
    organiser_from_cookie,
    organiser_room,
    to_login,
)
from poll_service.pages.templates import bar_rows, render, request_lang
from poll_service.presentations.service import ordered_questions
from poll_service.question_types.registry import takes_answers
from poll_service.rooms import service as rooms
from poll_service.rooms.projection import join_url
from poll_service.themes.editor import editor_data
from poll_service.themes.service import existing_media
from poll_service.themes.stylesheet import stored_logo, stored_theme_style
from poll_service.timezones import presentation_zone, short_stamp
from poll_service.workspaces import access
from poll_service.workspaces.access import RUN, VIEW

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)

# The contract's exports (GET /api/rooms/{rid}/export.{format} and the same for the presentation,
# every room of the event), linked from the results page.
EXPORT_FORMATS = ("pdf", "csv", "xlsx")
# How much of a word cloud and of the open answers the results page lists.
RESULT_WORDS = 40
RESULT_TEXTS = 100


@router.get("/dashboard", summary="Organiser dashboard: presentations, questions and rooms")
async def dashboard_page(request: Request, context: ContextDep) -> Response:
    user = await organiser_from_cookie(request, context)
    if user is None:
        return to_login(request)
    return render(
        request,
        "dashboard.html",
        script_texts=("dash.", "common."),
        user=user,
        time_zone=context.settings.time_zone,  # a presentation without a zone of its own shows these
        theme_editor=editor_data(),
        # The PDF deck control says what it takes (docs/media.md#a-pdf-deck).
        pdf_limits={
            "pages": context.settings.pdf_deck_max_pages,
            "mb": context.settings.pdf_deck_max_upload_bytes // (1024 * 1024),
        },
    )


@router.get("/present/{room_id}", summary="Presenter screen of a room (for the projector)")
async def presenter_page(
    room_id: str, request: Request, context: ContextDep, base_url: BaseUrlDep
) -> Response:
    found = await organiser_room(request, context, room_id, RUN)
    if isinstance(found, Response):
        return found
    room, presentation = found
    url = join_url(base_url, room.join_code)
    async with context.sessionmaker() as session:
        theme = await existing_media(session, presentation.theme)  # a deleted image: none drawn
    return render(
        request,
        "present.html",
        # The audience reads this screen: it speaks the presentation's language (or `?lang=`).
        lang=asked_lang(request) or as_lang(presentation.language),
        script_texts=("present.", "common."),
        room=room,
        presentation=presentation,
        theme=stored_theme_style(theme, "presenter"),
        logo=stored_logo(theme),
        join_url=url,
        join_host=url.split("://", 1)[-1].rsplit("/", 1)[0],
    )


@router.get("/present/{room_id}/speaker", summary="Speaker view of a room (a laptop or a phone as a remote)")
async def speaker_page(room_id: str, request: Request, context: ContextDep) -> Response:
    """The organiser's own screen: the current item's notes, the next item, timers, the response
    count and the controls that drive the projector page (which shows only the slide)."""
    found = await organiser_room(request, context, room_id, RUN)
    if isinstance(found, Response):
        return found
    room, presentation = found
    return render(
        request,
        "speaker.html",
        script_texts=("speaker.", "present.", "common.", "dash."),
        room=room,
        presentation=presentation,
    )


@router.get("/rooms/{room_id}/results", summary="Results of a room (live or past)")
async def results_page(request: Request, room_id: str, context: ContextDep) -> Response:
    found = await organiser_room(request, context, room_id, VIEW)
    if isinstance(found, Response):
        return found
    room, presentation = found
    user = await organiser_from_cookie(request, context)
    async with context.sessionmaker() as session:
        # A facilitator handed only some rooms gets no combined report (it would be a 403).
        whole = user is not None and await access.room_scope(session, user, presentation) is None
        results = await rooms.room_results(session, room)
        questions = {q.id: q for q in await ordered_questions(session, room.presentation_id)}
    return render(
        request,
        "results.html",
        room=room,
        created_at=iso(room.created_at),
        # In the presentation's zone, named (POLL_TIME_ZONE unless it has its own).
        started=short_stamp(
            room.created_at, presentation_zone(presentation.settings, context.settings.time_zone)
        ),
        presentation=presentation,
        participant_count=results["participant_count"],
        # Content slides and the Q&A item count nothing: the page lists the questions only.
        questions=[
            _result_view(r, questions[r["question_id"]])
            for r in results["questions"]
            if takes_answers(r["type"])
        ],
        exports=_export_links(f"/api/rooms/{room.id}", request),
        event_exports=_export_links(f"/api/presentations/{presentation.id}", request) if whole else [],
        csv_note=_CSV_NOTES[excel_csv_separator(request_lang(request))],
    )


_CSV_NOTES = {"comma": "results.csv_note_comma", "semicolon": "results.csv_note_semicolon"}


def _export_links(base: str, request: Request) -> list[dict[str, str]]:
    """The download buttons: the CSV split the way Excel expects in the page's language."""
    csv_query = "?separator=semicolon" if excel_csv_separator(request_lang(request)) == "semicolon" else ""
    links = [{"format": f, "href": f"{base}/export.{f}"} for f in EXPORT_FORMATS]
    for link in links:
        if link["format"] == "csv":
            link["href"] += csv_query
    return links


def _result_view(result: dict[str, Any], question: Question) -> dict[str, Any]:
    """A question's results as rows: a label, a value and a meter (0-100, or None for text)."""
    total = int(result["response_count"])
    if result["type"] == "multiple_choice":
        rows = [
            {
                "label": r["label"],
                "value": f"{r['count']} · {r['percent']}%",
                "percent": r["percent"],
                "correct": r["correct"],
            }
            for r in bar_rows(question.options, result["tally"].get("counts", {}), total)
        ]
    else:
        public = {"type": question.type, "options": question.options, "settings": question.settings}
        rows = [
            {**r, "correct": False}
            for r in result_rows(public, result, words=RESULT_WORDS, texts=RESULT_TEXTS)
        ]
    return {
        "prompt": result["prompt"],
        "response_count": total,
        "text": result["type"] == "open_text",
        "rows": rows,
    }
