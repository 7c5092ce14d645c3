"""The renderer registry and the pure helpers, without a database."""

import re
from datetime import UTC, datetime, timedelta

from poll_service.exports.cells import response_rows
from poll_service.exports.csv import render_csv
from poll_service.exports.files import FORMATS, content_disposition, render
from poll_service.exports.labels import Labels
from poll_service.exports.renderers import FALLBACK, RENDERERS, renderers_for
from poll_service.exports.report import (
    QuestionInfo,
    QuestionResult,
    QuestionResults,
    Report,
    ResponseRow,
    RoomInfo,
    percent,
    pseudonym,
)
from poll_service.exports.web import results_json, results_page
from poll_service.presentations.question_types import QUESTION_TYPES
from tests.exports.support import pdf_pages, squash

T0 = datetime(2026, 11, 24, 19, 30, tzinfo=UTC)


def _report(question_type: str, answer: dict[str, object], tally: dict[str, object]) -> Report:
    room = RoomInfo("r1", "Zaal", "ended", T0, T0 + timedelta(hours=1), 2, 1)
    question = QuestionInfo("q1", 1, question_type, "Een nieuw soort vraag", [], {})
    result = QuestionResult(1, tally)
    return Report(
        scope="room",
        subject_id="r1",
        presentation_title="Proef",
        language="nl",
        organiser_name="Jan",
        rooms=[room],
        questions=[QuestionResults(question, result, [(room, result)])],
        responses=[ResponseRow(room, question, "p1", answer, T0 + timedelta(minutes=5))],
    )


def test_every_registered_renderer_is_a_known_question_type() -> None:
    assert "multiple_choice" in RENDERERS
    assert set(RENDERERS) <= set(QUESTION_TYPES)
    assert renderers_for("multiple_choice") is RENDERERS["multiple_choice"]
    assert renderers_for("no_such_type") is FALLBACK


def test_a_type_without_renderers_still_exports_through_the_fallback() -> None:
    """A new question type exports before it has its own renderers: its answers as JSON text."""
    report = _report("future_type", {"entries": ["ijs", "€"]}, {"words": []})
    for fmt in FORMATS:
        assert render(report, fmt)
    rows = response_rows(report)
    assert rows[0][4] == '{"entries": ["ijs", "€"]}'
    assert "Geengrafiekvoorditsoortvraag." in squash("".join(pdf_pages(render(report, "pdf"))))
    assert "Geen grafiek voor dit soort vraag." in results_page(report)
    assert results_json(report)["questions"][0]["response_count"] == 1
    assert render_csv(report).startswith(b"\xef\xbb\xbf")


def test_percent_rounds_like_the_presenter_view() -> None:
    assert [percent(c, 3) for c in (0, 1, 2, 3)] == [0, 33, 67, 100]
    assert percent(5, 0) == 0


def test_pseudonyms_are_stable_short_and_reveal_nothing() -> None:
    a = pseudonym("room1", "0123456789abcdef0123456789abcdef")
    assert a == pseudonym("room1", "0123456789abcdef0123456789abcdef")
    assert a != pseudonym("room2", "0123456789abcdef0123456789abcdef")
    assert re.fullmatch(r"P-[0-9a-f]{10}", a)
    assert a[2:] not in "0123456789abcdef0123456789abcdef"


def test_content_disposition_is_ascii_with_a_utf8_name() -> None:
    header = content_disposition('Bewonersavond “Oost” / café € "quote"\r\nX-Evil: 1', "pdf")
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert header.startswith(
        "attachment; filename=\"Bewonersavond-Oost-cafe-quote-X-Evil-1.pdf\"; filename*=UTF-8''"
    )
    assert "%E2%80%9COost%E2%80%9D%20-%20caf%C3%A9%20%E2%82%AC%20%22quote%22%20X-Evil%3A%201.pdf" in header
    assert content_disposition("€€€", "csv").startswith('attachment; filename="results.csv"')


def test_labels_in_both_languages() -> None:
    nl, en = Labels("nl"), Labels("en")
    assert nl.date(T0) == "24 november 2026" and en.date(T0) == "24 November 2026"
    assert nl.responses(1) == "1 antwoord" and en.responses(3) == "3 responses"
    assert nl.number(10000) == "10.000" and en.number(10000) == "10,000"
    assert nl.span(T0, T0 + timedelta(minutes=45)) == "24 november 2026, 19:30\u201320:15 UTC"
    assert Labels("de").lang == "en"


def test_an_answer_naming_a_removed_option_says_so() -> None:
    question = QuestionInfo(
        "q", 1, "multiple_choice", "?", [{"id": "a", "label": "=Appel"}, {"id": "b", "label": "Peer"}], {}
    )
    table = RENDERERS["multiple_choice"].table
    assert table.answer_text(question, {"choice_ids": ["b", "gone", "a"]}, Labels("nl")) == (
        "=Appel; Peer; (verwijderde optie)"
    )
