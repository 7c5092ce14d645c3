"""The shared results page (HTML) and its JSON: the same information as the PDF's charts, with no
ids, join code or organiser details. HTML comes from autoescaped Jinja2 templates, without inline
script or style (the app's CSP allows neither): bar widths are classes from results.css."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from poll_service.exports.renderers import renderers_for
from poll_service.exports.report import Report
from poll_service.ids import iso
from poll_service.pages.assets import frontend_dir, static_url
from poll_service.question_types.registry import owns_image
from poll_service.themes.stylesheet import stored_logo, stored_theme_style

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def results_json(report: Report) -> dict[str, Any]:
    labels = report.labels
    start, end = report.started_at, report.finished_at
    return {
        "presentation_title": report.presentation_title,
        "language": labels.lang,
        "time_zone": labels.time_zone,
        "rooms": [
            {
                "name": r.name,
                "status": r.status,
                "created_at": iso(r.created_at),
                "ended_at": iso(r.ended_at) if r.ended_at is not None else None,
                "participant_count": r.participant_count,
                "response_count": r.response_count,
            }
            for r in report.rooms
        ],
        "started_at": iso(start) if start is not None else None,
        "finished_at": iso(end) if end is not None else None,
        "participant_count": report.participant_count,
        "response_count": report.response_count,
        "generated_at": iso(report.generated_at),
        "questions": [
            {
                "number": q.question.number,
                "type": q.question.type,
                "prompt": q.question.prompt,
                "image": None if owns_image(q.question.type) else q.question.settings.get("image"),
                "response_count": q.total.response_count,
                **renderers_for(q.question.type).web(q, labels),
            }
            for q in report.answered_questions
        ],
    }


def results_page(report: Report) -> str:
    labels = report.labels
    data = results_json(report)
    start, end = report.started_at, report.finished_at
    when = ""
    if start is not None:
        when = labels.span(start, end) if end is not None and end > start else labels.stamp(start)
    questions = []
    for q, view in zip(report.answered_questions, data["questions"], strict=True):
        renderers = renderers_for(q.question.type)
        questions.append(
            {
                **view,
                **renderers.page(q, labels),
                "notes": renderers.notes(q, labels),
                "template": renderers.web_template,
            }
        )
    return (
        _environment()
        .get_template("results_page.html")
        .render(
            t=labels,
            lang=labels.lang,
            data=data,
            questions=questions,
            room_names=", ".join(r.name for r in report.rooms),
            when=when,
            generated=labels.stamp(report.generated_at),
            css=static_url(frontend_dir() / "static", "results.css"),
            theme=stored_theme_style(report.theme, "results"),
            logo=stored_logo(report.theme),
        )
    )


def not_found_page() -> str:
    """Unknown and revoked links look the same."""
    return (
        _environment()
        .get_template("not_found.html")
        .render(css=static_url(frontend_dir() / "static", "results.css"))
    )
