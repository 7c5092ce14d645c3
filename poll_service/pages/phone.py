"""The phone pages: join by code and vote. Plain HTML forms that work without scripts; the page's
ES module enhances the same markup (fetch to the JSON API plus the participant socket).

Joining and voting go through the JSON API's own handlers, so the form path and the API path
share one implementation (rate limits, checks, the vote writer, the cookie)."""

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.convertors import Convertor, register_url_convertor

from poll_service.accounts.auth import presented_token
from poll_service.connection import client_address
from poll_service.context import AppContext
from poll_service.cookies import secure_cookie
from poll_service.deps import BaseUrlDep, ContextDep
from poll_service.errors import (
    Conflict,
    InvalidInput,
    Locked,
    NotFound,
    PollError,
    TooManyRequests,
    Unauthorized,
)
from poll_service.live.state import LiveRoom
from poll_service.pages.answers import (
    FormProblem,
    answer_body,
    choice_texts,
    form_values,
    result_rows,
    several,
    stored_values,
)
from poll_service.pages.audience_theme import audience_theme
from poll_service.pages.language import audience_lang
from poll_service.pages.templates import render
from poll_service.participants.joining import accept_join, set_participant_cookie
from poll_service.participants.schemas import JoinIn
from poll_service.participants.voting import accept_vote, participant_room
from poll_service.question_types.registry import owns_image, scored, takes_answers
from poll_service.quiz.nicknames import names_chosen
from poll_service.quiz.pages import survey_page
from poll_service.rooms.join_codes import JOIN_CODE_LENGTH, clean_join_code
from poll_service.rooms.rules import answerable
from poll_service.security import PARTICIPANT_COOKIE, ParticipantIdentity
from poll_service.themes.stylesheet import ThemeStyle


class JoinCodeConvertor(Convertor[str]):
    """`/{join_code:joincode}` matches exactly 8 digits, so it shadows no other path."""

    regex = f"[0-9]{{{JOIN_CODE_LENGTH}}}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class TypedJoinCodeConvertor(JoinCodeConvertor):
    """A code as people type it into the address bar from the screen: `/6312 4952`,
    `/6312-4952`, `/6312.4952` (digits with separators), or a digit short or over (never 8 digits
    alone: that is JoinCodeConvertor's)."""

    # Bounded everywhere: at most 8 groups of digits, 3 separator characters between two.
    regex = r"[0-9]{1,7}(?:[ .\-\u00b7\u2010-\u2015]{1,3}[0-9]{1,7}){1,7}|[0-9]{1,7}|[0-9]{9,16}"


register_url_convertor("joincode", JoinCodeConvertor())
register_url_convertor("typedjoincode", TypedJoinCodeConvertor())

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)

PHONE_SCRIPT_TEXTS = ("phone.", "common.")
# Without scripts, a page that waits for the presenter reloads itself this often (seconds).
NO_SCRIPT_REFRESH_SECONDS = 8


def participant_identity(request: Request, context: AppContext) -> ParticipantIdentity | None:
    token, _ = presented_token(request, PARTICIPANT_COOKIE)
    return context.participant_tokens.read(token) if token else None


def _join_error_text(exc: PollError) -> str:
    if isinstance(exc, TooManyRequests):
        return "phone.error_too_many_codes"
    if isinstance(exc, Locked):
        return "phone.error_locked"
    return "phone.error_not_found"


def join_page(
    request: Request,
    code: str = "",
    *,
    error: str | None = None,
    notice: str | None = None,
    autojoin: bool = False,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    response = render(
        request,
        "phone.html",
        status_code=status_code,
        script_texts=PHONE_SCRIPT_TEXTS,
        view="join",
        code=code,
        error=error,
        notice=notice,
        autojoin=autojoin and error is None and notice is None,
        refresh=None,
    )
    response.headers.update(headers or {})
    return response


def results_rows(room: LiveRoom, question: dict[str, Any]) -> list[dict[str, Any]]:
    """The current question's tally as rows the template draws as bars."""
    live = room.questions.get(question["id"])
    if live is None:
        return []
    return result_rows(question, room.question_result(live))


def room_page(
    request: Request,
    room: LiveRoom,
    participant_id: str,
    *,
    voted_question: str | None = None,
    error: str | None = None,
    error_values: dict[str, object] | None = None,
    draft: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    lang: str | None = None,
    survey_index: int | None = None,
    theme: ThemeStyle | None = None,
    naming: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The room as a phone sees it. `draft` is a form sent back with an `error`: it keeps what was
    typed; otherwise the form shows the participant's own answer. `naming` ({name, can_change}):
    a quiz room's "You play as" line for phones without scripts (pages/phone_name.py)."""
    # Audience-paced: the page's own question (docs/quiz-and-self-paced.md).
    state = survey_page(room.participant_state(participant_id), survey_index, voted_question)
    question = state["question"]
    mine = state["my_response"]
    answered = mine is not None or (question is not None and voted_question == question["id"])
    show_results = bool(
        question is not None and state["results_visible"] and (answered or not state["voting_open"])
    )
    most = several(question) if question else 1
    sent = room.submissions(question["id"], participant_id) if question and most > 1 else 0
    values = draft if draft is not None else stored_values(question, mine) if question else {}
    response = render(
        request,
        "phone.html",
        lang=lang,
        status_code=status_code,
        script_texts=PHONE_SCRIPT_TEXTS,
        theme=theme,
        view="room",
        autojoin=False,
        code=room.join_code,
        state=state,
        question=question,
        mine=mine,
        values=values,
        choice_texts=question is not None and choice_texts(question),
        owns_image=question is not None and owns_image(question["type"]),
        question_answered=question is None or takes_answers(question["type"]),
        several=most,
        sent=sent,
        answered=answered,
        voted_now=question is not None and voted_question == question["id"],
        error=error,
        error_values=error_values or {},
        results=results_rows(room, question) if show_results and question else None,
        form_key=secrets.token_urlsafe(12),
        naming=naming,
        refresh=NO_SCRIPT_REFRESH_SECONDS
        if state["status"] == "live"
        and (question is None or not state["voting_open"] or (answered and most == 1))
        else None,
    )
    response.headers.update(headers or {})
    return response


async def own_room(
    context: AppContext, identity: ParticipantIdentity | None, code: str, base_url: str
) -> LiveRoom | None:
    """The live room this visitor joined, if it is the room of `code`."""
    if identity is None:
        return None
    try:
        return await participant_room(context, identity, code, base_url)
    except (NotFound, Unauthorized):
        return None


# HEAD too (link previews and uptime checks ask that way); OpenAPI lists the GET.
@router.head("/", include_in_schema=False)
@router.get("/", summary="Join page (phones): enter the code on the screen")
async def join_form(request: Request) -> HTMLResponse:
    return join_page(request)


@router.head("/{join_code:joincode}", include_in_schema=False)
@router.get(
    "/{join_code:joincode}",
    summary="The room's page for phones: join, then the current question and voting",
)
async def phone_room(
    join_code: str,
    request: Request,
    context: ContextDep,
    base_url: BaseUrlDep,
    voted: str | None = None,
    q: Annotated[int | None, Query(ge=0, le=500, description="self-paced rooms: which question")] = None,
) -> HTMLResponse:
    identity = participant_identity(request, context)
    room = await own_room(context, identity, join_code, base_url)
    if room is None or identity is None:
        return join_page(request, join_code, autojoin=True)
    if not room.is_live:
        # Ended rooms free their code; the same code may belong to a new room now.
        return join_page(request, join_code, notice="phone.ended")
    lang = await audience_lang(request, context, room.room.get("presentation_id"))
    theme = await audience_theme(context, room.room.get("presentation_id"))
    naming = None
    if any(scored(live.type) for live in room.questions.values()):
        async with context.sessionmaker() as session:
            chosen = await names_chosen(session, str(room.room.get("presentation_id", "")))
        naming = {"name": room.nicknames.get(identity.participant_id), "can_change": chosen}
    return room_page(
        request,
        room,
        identity.participant_id,
        voted_question=voted,
        lang=lang,
        survey_index=q,
        theme=theme,
        naming=naming,
    )


@router.head("/{join_code:typedjoincode}", include_in_schema=False)
@router.get("/{join_code:typedjoincode}", include_in_schema=False, response_class=RedirectResponse)
async def typed_code(join_code: str, request: Request) -> Response:
    """`/6312 4952` or `/6312-4952`, as typed from the screen: on to `/63124952`; digits that make
    no code get the join page with them filled in and a message, not a bare 404."""
    code = clean_join_code(join_code)
    if code is None:
        return join_page(request, join_code[:40], error="phone.error_not_found", status_code=404)
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/{code}{query}", status_code=308)


@router.post(
    "/join",
    summary="Join by code (form post); sets the participant cookie and redirects to /{join_code}",
    status_code=303,
    response_class=RedirectResponse,
)
async def join_by_form(
    request: Request,
    context: ContextDep,
    base_url: BaseUrlDep,
    join_code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    code = clean_join_code(join_code)
    if not join_code.strip():
        return join_page(request, error="phone.error_empty_code", status_code=422)
    token, _ = presented_token(request, PARTICIPANT_COOKIE)
    try:
        body = JoinIn(join_code=join_code)
        joined = await accept_join(context, body, token, client_address(request), base_url)
    except ValidationError:
        return join_page(request, join_code, error="phone.error_not_found", status_code=404)
    except PollError as exc:
        return join_page(
            request,
            code or join_code,
            error=_join_error_text(exc),
            status_code=exc.status_code,
            headers=exc.headers,
        )
    redirect = RedirectResponse(f"/{joined.join_code}", status_code=303)
    set_participant_cookie(redirect, joined.participant_token, secure_cookie(context.settings, request))
    return redirect


def _vote_error_text(exc: PollError, question_type: str) -> str:
    if isinstance(exc, Conflict):
        return "phone.error_no_more" if "at most" in exc.message else "phone.error_no_change"
    if isinstance(exc, Locked):
        return "phone.error_closed"
    if isinstance(exc, TooManyRequests):
        return "phone.error_slow_down"
    if isinstance(exc, InvalidInput):
        if "longer than" in exc.message:
            return "phone.error_too_long"
        return "phone.error_pick" if question_type == "multiple_choice" else "phone.error_invalid"
    return "phone.error_busy"


@router.post(
    "/{join_code:joincode}/vote",
    summary="Answer by form post; redirects back to /{join_code} saying the answer is in",
    description="Fields: `question_id`, `key` (one per form: a resent form stores one answer) and "
    "the answer: `choice` (repeated) for multiple choice, `entry` (repeated) for a word cloud, "
    "`text` for an open question, `rate.<option_id>` (1..steps or `skip`) for a scale, "
    "`rank.<option_id>` (1..n) for a ranking, `points.<option_id>` for points.",
    status_code=303,
    response_class=RedirectResponse,
)
async def vote_by_form(
    join_code: str,
    request: Request,
    context: ContextDep,
    base_url: BaseUrlDep,
    question_id: Annotated[str, Form(max_length=64)] = "",
    choice: Annotated[list[str] | None, Form()] = None,
    entry: Annotated[list[str] | None, Form()] = None,
    text: Annotated[str | None, Form(max_length=8000)] = None,
    key: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    identity = participant_identity(request, context)
    room = await own_room(context, identity, join_code, base_url)
    if room is None or identity is None:
        return RedirectResponse(f"/{join_code}", status_code=303)
    live = answerable(room.questions, room.current_question, room.room, question_id)  # any, self-paced
    lang = await audience_lang(request, context, room.room.get("presentation_id"))
    theme = await audience_theme(context, room.room.get("presentation_id"))
    if live is None or live.id != question_id:
        return room_page(
            request,
            room,
            identity.participant_id,
            error="phone.error_closed",
            status_code=423,
            lang=lang,
            theme=theme,
        )
    if not takes_answers(live.type):  # a content slide, the Q&A item: nothing to vote on
        return room_page(
            request, room, identity.participant_id, error="phone.error_no_answers", status_code=409, lang=lang
        )
    question = live.public()
    # The named fields above document the form; the per-option fields are read from it as well.
    draft = form_values(question, await request.form())
    try:
        body = answer_body(question, draft)
    except FormProblem as problem:
        return room_page(
            request,
            room,
            identity.participant_id,
            error=problem.key,
            error_values=problem.values,
            draft=draft,
            status_code=422,
            lang=lang,
            theme=theme,
        )
    try:
        accepted = await accept_vote(
            context,
            identity,
            join_code,
            base_url,
            {"question_id": question_id, **body},
            f"form-{key}" if key else None,
        )
    except PollError as exc:
        if isinstance(exc, NotFound | Unauthorized):
            return RedirectResponse(f"/{join_code}", status_code=303)
        return room_page(
            request,
            room,
            identity.participant_id,
            error=_vote_error_text(exc, live.type),
            draft=draft if isinstance(exc, InvalidInput) else None,
            status_code=exc.status_code,
            headers=exc.headers,
            lang=lang,
            theme=theme,
        )
    return RedirectResponse(f"/{join_code}?voted={accepted.question_id}", status_code=303)
