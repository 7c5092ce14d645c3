"""CSV: one row per response, UTF-8 with a byte order mark (so Excel reads the accents right).

Comma separated by default (for scripts); Excel in a locale whose decimal mark is a comma (Dutch,
German, French…) splits on semicolons instead, so the same file can be asked for that way."""

import csv
import io
from typing import Literal

from poll_service.exports.cells import CSV_COLUMNS, neutralise, response_rows
from poll_service.exports.qna import csv_rows as qna_csv_rows
from poll_service.exports.renderers.quiz import QUIZ_COLUMNS, quiz_cells
from poll_service.exports.report import Report

# After every other column, so scripts reading the earlier ones by position keep working: the
# moment in the presentation's zone as ISO 8601 with its UTC offset, and that zone's IANA name.
LOCAL_TIME_COLUMNS = ("answered_at_local", "time_zone")

Separator = Literal["comma", "semicolon"]
SEPARATORS: dict[Separator, str] = {"comma": ",", "semicolon": ";"}


def render_csv(report: Report, separator: Separator = "comma") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=SEPARATORS[separator], lineterminator="\r\n")
    labels = report.labels
    # quiz: nickname, correct, score (renderers/quiz.py); then the local time with its offset
    writer.writerow((*CSV_COLUMNS, *QUIZ_COLUMNS, *LOCAL_TIME_COLUMNS))
    for response, (room, number, prompt, participant, answer, moment) in zip(
        report.responses, response_rows(report), strict=True
    ):
        writer.writerow(
            [neutralise(room), number, neutralise(prompt), participant, neutralise(answer), moment]
            + [response.status, "", ""]
            + [neutralise(c) if isinstance(c, str) else c for c in quiz_cells(report, response, labels)]
            + [labels.iso(response.created_at), labels.time_zone]
        )
    for row, question in zip(qna_csv_rows(report), report.qna, strict=True):
        writer.writerow(
            [neutralise(v) if isinstance(v, str) else v for v in row]
            + [""] * len(QUIZ_COLUMNS)
            + [labels.iso(question.created_at), labels.time_zone]
        )
    return out.getvalue().encode("utf-8-sig")
