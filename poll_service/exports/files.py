"""Export formats, their media types and file names, and running a renderer off the event loop."""

import asyncio
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal
from urllib.parse import quote

from poll_service.exports.csv import Separator, render_csv
from poll_service.exports.pdf import render_pdf
from poll_service.exports.report import Report
from poll_service.exports.web import results_page
from poll_service.exports.xlsx import render_xlsx

Format = Literal["pdf", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("pdf", "csv", "xlsx")

MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_RENDERERS: dict[Format, Callable[[Report], bytes]] = {
    "pdf": render_pdf,
    "csv": render_csv,
    "xlsx": render_xlsx,
}

# Exports render in one worker thread per process, one at a time: a burst of downloads after an
# event then costs one core at most, and the event loop (live rooms, votes) keeps running.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="poll-export")


def render(report: Report, fmt: Format, csv_separator: Separator = "comma") -> bytes:
    """Blocking: the file's bytes."""
    if fmt == "csv":
        return render_csv(report, csv_separator)
    return _RENDERERS[fmt](report)


async def render_off_loop(report: Report, fmt: Format, csv_separator: Separator = "comma") -> bytes:
    """The file's bytes, made in a worker thread so the event loop (live rooms, votes) never waits."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, render, report, fmt, csv_separator)


async def page_off_loop(report: Report) -> str:
    """The shared results page's HTML, made in the same worker thread (its word clouds take a
    few hundred milliseconds to lay out with many words)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, results_page, report)


def file_stem(report: Report) -> str:
    if report.scope == "room" and report.rooms and report.rooms[0].name != report.presentation_title:
        return f"{report.presentation_title} - {report.rooms[0].name} - results"
    return f"{report.presentation_title} - results"


def content_disposition(stem: str, extension: str) -> str:
    """attachment with an ASCII-only filename and the full name as RFC 5987 filename*."""
    clean = " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in stem).split())
    clean = clean.replace("/", "-").replace("\\", "-")[:120].strip(" .") or "results"
    folded = unicodedata.normalize("NFKD", clean).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9.]+", "-", folded).strip("-.")[:100].strip("-.") or "results"
    full = f"{clean}.{extension}"
    return f"attachment; filename=\"{ascii_name}.{extension}\"; filename*=UTF-8''{quote(full, safe='')}"
