"""Rows of the responses table (shared by CSV and XLSX), cell neutralisation, and text made fit
for XML (what an XLSX is made of).

A spreadsheet runs a cell that starts with = + - @ (or tab / carriage return, which some
programs skip first) as a formula, so any such text gets a leading single quote: it is shown as
written and never evaluated (OWASP "CSV injection")."""

import re

from poll_service.exports.labels import Labels
from poll_service.exports.renderers import renderers_for
from poll_service.exports.report import Report, pseudonym
from poll_service.formulas import neutralise

__all__ = ["CSV_COLUMNS", "neutralise", "response_header", "response_rows", "xml_safe"]

# Everything XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return, lone
# surrogates, U+FFFE and U+FFFF. One such character in a title once made Excel refuse the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text)


# The contract's columns, then moderation and Q&A (docs/qna-and-moderation.md): `status` of every
# row; `upvotes` and `answered` for the Q&A rows (question_no "Q&A") only.
CSV_COLUMNS = (
    "room",
    "question_no",
    "question",
    "participant",
    "answer",
    "answered_at",
    "status",
    "upvotes",
    "answered",
)


def response_header(labels: Labels) -> list[str]:
    return [
        labels["room"],
        labels["question_no"],
        labels["question"],
        labels["participant"],
        labels["answer"],
        labels.format("answered_at", zone=labels.time_zone),
    ]


def response_rows(report: Report) -> list[tuple[str, int, str, str, str, str]]:
    """One row per response, oldest first: room, question number, prompt, pseudonym, answer, time
    (ISO 8601 UTC). Text is not yet neutralised: each writer does that for its own cells."""
    labels = report.labels
    rows = []
    for r in report.responses:
        text = renderers_for(r.question.type).table.answer_text(r.question, r.answer, labels)
        moment = r.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        rows.append(
            (
                r.room.name,
                r.question.number,
                r.question.prompt,
                pseudonym(r.room.id, r.participant_id),
                text,
                moment,
            )
        )
    return rows
