"""Questions from a spreadsheet, one question per row (docs/reuse.md has the columns):

    A: type, as the editor names it in any language ("Multiple choice", "Meerkeuze") or as the
       API does (multiple_choice, quiz, word_cloud, ...)
    B: the question
    C, D, ...: its options, one per cell; a quiz's right answers start with `*` (`*Amsterdam`)

A first row whose column A says "type" is a header and is skipped, as are empty rows. Every
refusal names the row and the column. Parsing is plain CPU work: the route runs it in a worker
thread (`parse_off_loop`), never on the event loop."""

import asyncio
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from poll_service.decks.building import NewQuestion
from poll_service.errors import InvalidInput
from poll_service.i18n import catalogues
from poll_service.presentations.service import MAX_QUESTIONS
from poll_service.question_types.base import MAX_OPTION_LABEL, MAX_OPTIONS, OptionIn
from poll_service.question_types.registry import QUESTION_TYPES

SheetFormat = Literal["csv", "xlsx"]
MAX_PROMPT = 1000
MAX_TYPE = 32
MAX_COLUMNS = 2 + MAX_OPTIONS
# An XLSX file is a zip: refuse one that unpacks to more than this before parsing it.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
HEADER_WORDS = {"type", "soort"}
RIGHT_MARK = "*"

# One parse at a time per process, beside the loop (like exports/files.py renders).
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="poll-sheet")


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it, from 1
    cells: list[str]


async def parse_off_loop(data: bytes, fmt: SheetFormat) -> list[NewQuestion]:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, parse, data, fmt)


def parse(data: bytes, fmt: SheetFormat) -> list[NewQuestion]:
    """Blocking: the questions of the file's rows, or a 422 naming the row and column."""
    rows = _xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data)
    questions: list[NewQuestion] = []
    for row in _question_rows(rows):
        if len(questions) == MAX_QUESTIONS:
            raise InvalidInput(f"row {row.number}: a presentation holds at most {MAX_QUESTIONS} questions")
        questions.append(_question(row))
    if not questions:
        raise InvalidInput("the file has no questions: one question per row, type in column A")
    return questions


def _question_rows(rows: Iterable[SheetRow]) -> Iterator[SheetRow]:
    first = True
    for row in rows:
        cells = [c.strip() for c in row.cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if first and cells[0].casefold() in HEADER_WORDS:
            first = False
            continue
        first = False
        yield SheetRow(row.number, cells)


def _question(row: SheetRow) -> NewQuestion:
    cells = row.cells + [""] * max(0, 2 - len(row.cells))
    at = _where(row.number, len(cells))
    if len(cells) > MAX_COLUMNS:
        raise InvalidInput(f"{_cell(row.number, MAX_COLUMNS + 1)}: at most {MAX_OPTIONS} options")
    kind, prompt = cells[0], cells[1]
    if len(kind) > MAX_TYPE:
        raise InvalidInput(f"{at('type')}: not a question type")
    if not prompt:
        raise InvalidInput(f"{at('prompt')}: the question is empty")
    if len(prompt) > MAX_PROMPT:
        raise InvalidInput(f"{at('prompt')}: at most {MAX_PROMPT} characters, got {len(prompt)}")
    options = []
    for index, label in enumerate(cells[2:], start=3):
        right = label.startswith(RIGHT_MARK)
        label = label.removeprefix(RIGHT_MARK).strip() if right else label
        if not label:
            raise InvalidInput(f"{_cell(row.number, index)}: an empty option between options")
        if len(label) > MAX_OPTION_LABEL:
            raise InvalidInput(f"{_cell(row.number, index)}: at most {MAX_OPTION_LABEL} characters")
        options.append(OptionIn(label=label, correct=right))
    return NewQuestion(_type_name(kind), prompt, options, None, at)


def _type_name(cell: str) -> str:
    """The registered type a cell names; else the cell as typed (refused with the known names)."""
    folded = " ".join(cell.casefold().replace("-", " ").replace("_", " ").split())
    return _type_names().get(folded, cell)


@cache
def _type_names() -> dict[str, str]:
    """Folded names -> type: "multiple choice" (the API's, spaced) and the editor's label in every
    catalogue ("meerkeuze", "word cloud", "woordwolk", ...)."""
    names: dict[str, str] = {}
    for name in QUESTION_TYPES:
        names[name.replace("_", " ")] = name
        for texts in catalogues().texts.values():
            label = texts.get(f"dash.type_{name}")
            if label:
                names.setdefault(" ".join(label.casefold().split()), name)
    return names


def _cell(row: int, column: int) -> str:
    return f"row {row}, column {get_column_letter(column)}"


def _where(row: int, width: int) -> Callable[[str], str]:
    last = get_column_letter(max(width, 3))
    names = {
        "type": f"{_cell(row, 1)} (type)",
        "prompt": f"{_cell(row, 2)} (question)",
        "options": f"row {row}, columns C to {last} (options)",
    }
    return lambda field: names.get(field, f"row {row}")


def _csv_rows(data: bytes) -> Iterator[SheetRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput('the CSV file is not UTF-8: save it as "CSV UTF-8"') from None
    # Excel writes semicolons where the decimal mark is a comma (Dutch): the first line tells.
    first_line = text[:4096].split("\n", 1)[0]
    separator = max(",;\t", key=first_line.count) if first_line else ","
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=separator), start=1):
            yield SheetRow(number, cells)
    except csv.Error as exc:
        raise InvalidInput(f"the CSV file cannot be read: {exc}") from None


def _xlsx_rows(data: bytes) -> Iterator[SheetRow]:
    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file; all mean "unreadable"
        raise InvalidInput(f"not a readable XLSX file ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        # One row more than allowed is enough to say there are too many.
        last = MAX_QUESTIONS + 2
        for number, values in enumerate(
            sheet.iter_rows(max_row=last, max_col=MAX_COLUMNS + 1, values_only=True), start=1
        ):
            yield SheetRow(number, [_text(v) for v in values])
    except InvalidInput:
        raise
    except Exception as exc:
        raise InvalidInput(f"not a readable XLSX file ({type(exc).__name__})") from None
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise InvalidInput("not an XLSX file (an XLSX file is a zip archive)") from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise InvalidInput(f"the XLSX file unpacks to more than {MAX_UNPACKED_BYTES} bytes")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
