"""`type_answer`: the answers typed, most given first, each with its count, the right ones marked
in words ("✓ right answer"), the accepted answers and how many were right; per answer the quiz's
name / right / points cells (quiz.py), and its scores count on the final leaderboard.

The public results page names the right answers only once every room of it has ended, as for a
quiz: a page shared during a live quiz must not give them away."""

from typing import Any

from reportlab.platypus import Flowable, Spacer

from poll_service.exports.labels import Labels
from poll_service.exports.pdf_kit import PdfKit, colour
from poll_service.exports.renderers import quiz
from poll_service.exports.renderers.base import Cell, QuestionRenderers, SummaryTable
from poll_service.exports.renderers.common import bar_table
from poll_service.exports.report import QuestionInfo, QuestionResults, percent


def _answers(results: QuestionResults) -> list[dict[str, Any]]:
    return list(results.total.tally.get("answers", []))


def _label(answer: dict[str, Any], labels: Labels, marked: bool) -> str:
    right = marked and answer.get("right")
    return f"{answer['text']} \N{CHECK MARK} {labels['quiz_right']}" if right else str(answer["text"])


def _accepted(results: QuestionResults, labels: Labels) -> str:
    accepted = " / ".join(str(a) for a in results.question.settings.get("accepted", []))
    return labels.format("accepted_answers", answers=accepted)


def pdf(results: QuestionResults, kit: PdfKit) -> list[Flowable]:
    answers = _answers(results)
    top = max((a["count"] for a in answers), default=0)
    total = results.total.response_count
    bars = [
        (
            _label(a, kit.labels, marked=True),
            a["count"] / top if top else 0.0,
            colour(i),
            f"{kit.labels.number(a['count'])} · {percent(a['count'], total)}%",
        )
        for i, a in enumerate(answers)
    ]
    flow: list[Flowable] = [bar_table(kit, bars)] if bars else []
    flow += [Spacer(1, 4), kit.para(_accepted(results, kit.labels), kit.meta)]
    return flow


class _Table:
    def answer_text(self, question: QuestionInfo, answer: dict[str, Any], labels: Labels) -> str:
        return str(answer.get("text", ""))

    def summary(self, results: QuestionResults, labels: Labels) -> SummaryTable:
        """Answer | Count | Right, most given first; then the accepted answers and the responses."""
        rows: list[list[Cell]] = [
            [str(a["text"]), int(a["count"]), labels["yes_right"] if a.get("right") else labels["no_wrong"]]
            for a in _answers(results)
        ]
        rows.append([_accepted(results, labels), None, None])
        rows.append([labels["responses"], results.total.response_count, None])
        return SummaryTable([labels["answer"], labels["count"], labels["right_or_wrong"]], rows)


def web(results: QuestionResults, labels: Labels) -> dict[str, Any]:
    ended = all(room.status != "live" for room, _ in results.per_room)
    answers = _answers(results)
    top = max((a["count"] for a in answers), default=0)
    data: dict[str, Any] = {
        "answer_shown": ended,
        "answers": [
            {
                "label": _label(a, labels, marked=ended),
                "count": int(a["count"]),
                "percent": round(100 * a["count"] / top) if top else 0,
            }
            for a in answers
        ],
    }
    if ended:
        data["accepted"] = _accepted(results, labels)
        data["correct_count"] = int(results.total.tally.get("correct_count", 0))
    return data


RENDERERS = QuestionRenderers(
    pdf=pdf, table=_Table(), web=web, web_template="types/type_answer.html", notes=quiz.notes
)
