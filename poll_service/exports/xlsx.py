"""XLSX: the responses sheet (as the CSV, with real date cells) and one summary sheet per question
with its tally: counts and percentages, per room and in total for a presentation."""

import io
import re
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from poll_service.exports.cells import neutralise, response_header, response_rows, xml_safe
from poll_service.exports.labels import DASH, Labels
from poll_service.exports.renderers import Cell, Percent, renderers_for
from poll_service.exports.renderers.quiz import leaderboard_rows, quiz_cells
from poll_service.exports.report import QuestionResults, Report

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_MUTED = Font(color="5F6675")
_HEAD_FILL = PatternFill("solid", start_color="EEF0F4", end_color="EEF0F4")
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_BAD = re.compile(r"[\\/?*\[\]:']")
# openpyxl's write-only worksheet: its stubs lack the attributes it forwards to Worksheet.
Sheet = Any


def render_xlsx(report: Report) -> bytes:
    labels = report.labels
    book = Workbook(write_only=True)
    _responses_sheet(book.create_sheet(_sheet_name(labels["sheet_responses"], set())), report, labels)
    used = {labels["sheet_responses"]}
    if report.qna:
        used.add(_sheet_name(labels["sheet_qna"], used))
        _qna_sheet(book.create_sheet(labels["sheet_qna"]), report, labels)
    board_header, board_rows = leaderboard_rows(report)
    if board_rows:  # a quiz: the final leaderboard, every player
        used.add(_sheet_name(labels["leaderboard"], used))
        _table_sheet(book.create_sheet(labels["leaderboard"]), board_header, board_rows)
    for results in report.answered_questions:
        number = f"{labels['question_short']}{results.question.number}"
        name = _sheet_name(f"{number} {results.question.prompt}", used)
        used.add(name)
        _summary_sheet(book.create_sheet(name), report, results, labels)
    book.properties.title = xml_safe(f"{report.presentation_title} {DASH} {labels['report']}")[:250]
    book.properties.creator = "poll-service"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(value: str) -> str:
    """A cell's text: never a formula, no characters that XML (and so XLSX) cannot hold."""
    return neutralise(xml_safe(value))


def _cell(sheet: Sheet, value: Cell | datetime, **style: Any) -> XlCell:
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, float(value))
        cell.number_format = "0.0%"
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, text(value))
        cell.data_type = "s"
    elif isinstance(value, datetime):
        # Local time (Excel has no time zones: the header names the zone, and a text column beside
        # it holds ISO 8601 with the offset), to the second: a fraction could show as the next second.
        cell = WriteOnlyCell(sheet, value.replace(tzinfo=None, microsecond=0))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    else:
        cell = WriteOnlyCell(sheet, value)
    for key, setting in style.items():
        setattr(cell, key, setting)
    return cell


def _responses_sheet(sheet: Sheet, report: Report, labels: Labels) -> None:
    for column, width in zip("ABCDEFGHIJK", (24, 6, 48, 14, 36, 24, 10, 18, 8, 8, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    rows = response_rows(report)
    sheet.auto_filter.ref = f"A1:K{len(rows) + 1}"
    header = [*response_header(labels), labels["status"]]  # moderation: visible / pending / hidden
    header += [labels["nickname"], labels["quiz_answers"], labels["score"]]  # quiz (renderers/quiz.py)
    header.append(labels["answered_at_iso"])
    sheet.append([_cell(sheet, h, font=_BOLD, fill=_HEAD_FILL) for h in header])
    for response, (room, number, prompt, participant, answer, _iso) in zip(
        report.responses, rows, strict=True
    ):
        sheet.append(
            [
                _cell(sheet, room),
                number,
                _cell(sheet, prompt),
                _cell(sheet, participant),
                _cell(sheet, answer),
                _cell(sheet, labels.local(response.created_at)),
                _cell(sheet, response.status),
                *(_cell(sheet, c) for c in quiz_cells(report, response, labels)),
                _cell(sheet, labels.iso(response.created_at)),
            ]
        )


def _table_sheet(sheet: Sheet, header: list[str], rows: list[list[Cell]]) -> None:
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, h, font=_BOLD, fill=_HEAD_FILL) for h in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _qna_sheet(sheet: Sheet, report: Report, labels: Labels) -> None:
    """Every Q&A question (also held back or hidden ones), per room, most upvoted first."""
    for column, width in zip("ABCDEFGH", (24, 60, 18, 10, 12, 10, 24, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    header = [
        labels["room"],
        labels["qna_question"],
        labels["qna_name"],
        labels["qna_upvotes"],
        labels["qna_answered"],
        labels["status"],
        labels.format("qna_asked_at", zone=labels.time_zone),
        labels["qna_asked_at_iso"],
    ]
    sheet.append([_cell(sheet, h, font=_BOLD, fill=_HEAD_FILL) for h in header])
    for row in report.qna:
        sheet.append(
            [
                _cell(sheet, row.room.name),
                _cell(sheet, row.text, alignment=_WRAP),
                _cell(sheet, row.author_name or ""),
                row.upvotes,
                _cell(sheet, labels["yes"] if row.answered else ""),
                _cell(sheet, row.status),
                _cell(sheet, labels.local(row.created_at)),
                _cell(sheet, labels.iso(row.created_at)),
            ]
        )


def _summary_sheet(sheet: Sheet, report: Report, results: QuestionResults, labels: Labels) -> None:
    question = results.question
    table = renderers_for(question.type).table.summary(results, labels)
    sheet.column_dimensions["A"].width = 44
    for i in range(2, len(table.header) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 14
    sheet.append(
        [
            _cell(
                sheet,
                f"{labels['question']} {question.number}: {question.prompt}",
                font=_TITLE,
                alignment=_WRAP,
            )
        ]
    )
    sheet.append([_cell(sheet, labels.responses(results.total.response_count), font=_MUTED)])
    rooms = ", ".join(room.name for room in report.rooms)
    sheet.append(
        [
            _cell(
                sheet, f"{labels['rooms'] if len(report.rooms) > 1 else labels['room']}: {rooms}", font=_MUTED
            )
        ]
    )
    sheet.append([])
    sheet.append([_cell(sheet, h, font=_BOLD, fill=_HEAD_FILL) for h in table.header])
    for row in table.rows:
        sheet.append(
            [
                _cell(sheet, value, alignment=_WRAP) if isinstance(value, str) else _cell(sheet, value)
                for value in row
            ]
        )


def _sheet_name(wanted: str, used: set[str]) -> str:
    """At most 31 characters, none of \\ / ? * [ ] : ', unique in the workbook."""
    base = " ".join(_SHEET_NAME_BAD.sub(" ", xml_safe(wanted)).split())[:31].strip() or "Sheet"
    name, n = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name
