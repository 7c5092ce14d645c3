"""`quiz`: drawn like multiple choice, with the right option(s) marked in words ("✓ right answer")
and how many answers were right; the CSV/XLSX cells name / right / points per answer; and the
final leaderboard (a PDF section after the questions, an XLSX sheet).

The public results page marks the right answer only once every room of it has ended: a page shared
during a live quiz must not give the answer away."""

from dataclasses import replace
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import CONTENT_WIDTH, RULE, SOFT, TRACK, PdfKit
from poll_service.exports.renderers import multiple_choice
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.report import QuestionInfo, QuestionResults, Report, ResponseRow, percent
from poll_service.question_types.quiz_scoring import correct_ids, leaderboard, scoring_entries
from poll_service.question_types.registry import scored, scoring_of

QUIZ_COLUMNS = ("nickname", "correct", "score")
PDF_LEADERBOARD_ROWS = 30


def _marked(question: QuestionInfo, labels: Labels) -> QuestionInfo:
    """The question with "✓ right answer" after each right option's label."""
    right = set(correct_ids(question.options))
    options = [
        {**o, "label": f"{o['label']} \N{CHECK MARK} {labels['quiz_right']}"} if o["id"] in right else o
        for o in question.options
    ]
    return replace(question, options=options)


def _right_count(results: QuestionResults) -> int:
    return int(results.total.tally.get("correct_count", 0))


def notes(results: QuestionResults, labels: Labels) -> list[str]:
    settings = results.question.settings
    found = [
        labels.format(
            "quiz_settings", seconds=settings.get("time_limit_s", 20), points=settings.get("points", 1000)
        )
    ]
    total = results.total.response_count
    if total:
        right = _right_count(results)
        found.append(labels.format("quiz_right_count", n=right, total=total, percent=percent(right, total)))
    return found


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    return multiple_choice.pdf(replace(results, question=_marked(results.question, kit.labels)), kit)


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        return multiple_choice.RENDERERS.table.answer_text(question, answer, labels)

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        marked = replace(results, question=_marked(results.question, labels))
        return multiple_choice.RENDERERS.table.summary(marked, labels)


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    ended = all(room.status != "live" for room, _ in results.per_room)
    shown = _marked(results.question, labels) if ended else results.question
    data = multiple_choice.web(replace(results, question=shown), labels)
    data["answer_shown"] = ended
    if ended:
        data["correct_count"] = _right_count(results)
    return data


RENDERERS = QuestionRenderers(pdf=pdf, table=_Table(), web=web, web_template="types/quiz.html", notes=notes)


# --- per answer and the leaderboard ------------------------------------------------------------------


def quiz_cells(report: Report, response: ResponseRow, labels: Labels) -> list[Cell]:
    """The nickname, right or wrong and points of a scored answer; empty cells for other types."""
    scoring = scoring_of(response.question.type)
    if scoring is None:
        return ["", "", ""]
    right = scoring.is_right(response.question.options, response.question.settings, response.answer)
    return [
        report.nicknames.get(response.participant_id or "", ""),
        labels["yes_right"] if right else labels["no_wrong"],
        int(response.answer.get("score") or 0),
    ]


def report_leaderboard(report: Report) -> list[dict[str, Any]]:
    """Totals per player over every quiz question of the report, best first."""
    scores = (
        (r.participant_id, int(r.answer.get("score") or 0), r.answer.get("time_ms"))
        for r in report.responses
        if scored(r.question.type) and r.participant_id and r.status == "visible"
    )
    return leaderboard(scores, report.nicknames)


def _right_answers(report: Report) -> dict[str, int]:
    right: dict[str, int] = {}
    for r in report.responses:
        if scored(r.question.type) and r.participant_id and int(r.answer.get("score") or 0) > 0:
            right[r.participant_id] = right.get(r.participant_id, 0) + 1
    return right


def leaderboard_rows(report: Report) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows for the XLSX sheet (every player)."""
    from poll_service.exports.report import pseudonym

    labels = report.labels
    right = _right_answers(report)
    rooms = {r.participant_id: r.room for r in report.responses if r.participant_id}
    header = [
        labels["rank"],
        labels["nickname"],
        labels["score"],
        labels["answers_right"],
        labels["room"],
        labels["participant"],
    ]
    rows: list[list[Cell]] = []
    for entry in report_leaderboard(report):
        room = rooms.get(entry["participant_id"])
        rows.append(
            [
                entry["rank"],
                entry["nickname"],
                entry["score"],
                right.get(entry["participant_id"], 0),
                room.name if room else "",
                pseudonym(room.id, entry["participant_id"]) if room else "",
            ]
        )
    return header, rows


def leaderboard_pdf(report: Report, kit: PdfKit) -> list[Flowable]:
    """The final leaderboard after the questions: the players with points (nothing when none
    scored), with their room when the report covers several."""
    board = scoring_entries(report_leaderboard(report))
    if not board:
        return []
    labels = kit.labels
    right = _right_answers(report)
    rooms = {r.participant_id: r.room.name for r in report.responses if r.participant_id}
    with_rooms = len(report.rooms) > 1
    header = [labels["rank"], labels["nickname"], *([labels["room"]] if with_rooms else [])]
    rows: list[list[Any]] = [
        [
            *(kit.para(text, kit.head) for text in header),
            kit.para(labels["answers_right"], kit.head_right),
            kit.para(labels["score"], kit.head_right),
        ]
    ]
    for entry in board[:PDF_LEADERBOARD_ROWS]:
        podium = kit.cell_bold if entry["rank"] <= 3 else kit.cell
        room = [kit.para(rooms.get(entry["participant_id"], ""), kit.cell)] if with_rooms else []
        rows.append(
            [
                kit.para(str(entry["rank"]), podium),
                kit.para(entry["nickname"] or "\N{EN DASH}", podium),
                *room,
                kit.para(labels.number(right.get(entry["participant_id"], 0)), kit.cell_right),
                kit.para(labels.number(entry["score"]), kit.cell_right),
            ]
        )
    shares = [0.1, 0.34, 0.26, 0.15, 0.15] if with_rooms else [0.12, 0.48, 0.2, 0.2]
    table = Table(
        rows,
        colWidths=[CONTENT_WIDTH * share for share in shares],
        hAlign="LEFT",
        repeatRows=1,
    )
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
        ("BACKGROUND", (0, 1), (-1, min(3, len(rows) - 1)), SOFT),
    ]
    table.setStyle(TableStyle(style))
    flow: list[Flowable] = [kit.para(labels["leaderboard"], kit.h2), table]
    if len(board) > PDF_LEADERBOARD_ROWS:
        flow.append(
            kit.para(labels.format("leaderboard_more", n=len(board) - PDF_LEADERBOARD_ROWS), kit.meta)
        )
    return flow
