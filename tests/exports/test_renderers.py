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
from poll_service.question_types.registry import QUESTION_TYPES
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
    assert set(RENDERERS) == set(QUESTION_TYPES)  # every type has its own renderers
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
    assert nl.decimal(1234.5) == "1.234,50" and en.decimal(1234.5) == "1,234.50" and nl.decimal(3) == "3,00"
    assert Labels("de").lang == "en"


def test_an_answer_naming_a_removed_option_says_so() -> None:
    question = QuestionInfo(
        "q", 1, "multiple_choice", "?", [{"id": "a", "label": "=Appel"}, {"id": "b", "label": "Peer"}], {}
    )
    table = RENDERERS["multiple_choice"].table
    assert table.answer_text(question, {"choice_ids": ["b", "gone", "a"]}, Labels("nl")) == (
        "=Appel; Peer; (verwijderde optie)"
    )


def _question(kind: str, labels: list[str]) -> QuestionInfo:
    options = [{"id": "abc"[i], "label": label} for i, label in enumerate(labels)]
    return QuestionInfo("q", 1, kind, "?", options, {})


def test_answer_texts_of_the_new_types() -> None:
    nl = Labels("nl")

    def text(kind: str, labels: list[str], answer: dict[str, object]) -> str:
        return RENDERERS[kind].table.answer_text(_question(kind, labels), answer, nl)

    assert text("word_cloud", [], {"entries": ["ĳs", "=gezellig"]}) == "ĳs; =gezellig"
    assert text("open_text", [], {"text": "Twee\nregels"}) == "Twee\nregels"
    assert text("scale", ["Veilig", "Groen"], {"ratings": {"b": None, "a": 4, "gone": 2}}) == (
        "Veilig: 4; Groen: overgeslagen; (verwijderde optie): 2"
    )
    assert text("ranking", ["A", "B", "C"], {"order": ["b", "gone", "a"]}) == (
        "1. B; 2. (verwijderde optie); 3. A"
    )
    assert text("points", ["A", "B"], {"points": {"b": 30, "a": 70, "gone": 5}}) == (
        "A: 70; B: 30; (verwijderde optie): 5"
    )


def test_ranking_items_with_the_same_points_share_a_position() -> None:
    question = _question("ranking", ["A", "B", "C"])
    tally = {
        "votes": 2,
        "items": [
            {"option_id": "b", "average_rank": 1.5, "points": 5},
            {"option_id": "a", "average_rank": 1.5, "points": 5},
            {"option_id": "c", "average_rank": 3.0, "points": 2},
        ],
    }
    room = RoomInfo("r1", "Zaal", "ended", T0, None, 2, 2)
    result = QuestionResult(2, tally)
    shown = RENDERERS["ranking"].web(QuestionResults(question, result, [(room, result)]), Labels("en"))
    assert [(i["label"], i["position"], i["points"]) for i in shown["items"]] == [
        ("B", 1, 5),
        ("A", 1, 5),
        ("C", 3, 2),
    ]
    assert shown["max_points"] == 6


def test_the_new_types_render_from_a_bare_report() -> None:
    """Every format, straight from a Report (no database): tallies as the question types make them."""
    from poll_service.question_types.registry import tally

    cases = {
        "word_cloud": ([], {"entries": ["<b>", "&amp;"]}),
        "open_text": ([], {"text": "<font size=40>groot</font>"}),
        "scale": (["S"], {"ratings": {"a": 2}}),
        "ranking": (["A", "B"], {"order": ["b", "a"]}),
        "points": (["A", "B"], {"points": {"a": 3}}),
    }
    for kind, (labels, answer) in cases.items():
        report = _report(kind, answer, {})
        question = _question(kind, labels)
        result = QuestionResult(1, tally(kind, question.options, [answer], {"steps": 5}))
        room = report.rooms[0]
        report = Report(
            scope="room",
            subject_id="r1",
            presentation_title="Proef",
            language="en",
            organiser_name="",
            rooms=[room],
            questions=[QuestionResults(question, result, [(room, result)])],
            responses=[ResponseRow(room, question, "p1", answer, T0)],
        )
        for fmt in FORMATS:
            assert render(report, fmt), (kind, fmt)
        page = results_page(report)
        assert "style=" not in page and "<script" not in page and "<font" not in page and "<b>" not in page
        assert results_json(report)["questions"][0]["type"] == kind
