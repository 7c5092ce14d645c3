"""CSV: one row per response, UTF-8 with a byte order mark (so Excel reads the accents right)."""

import csv
import io

from poll_service.exports.cells import CSV_COLUMNS, neutralise, response_rows
from poll_service.exports.report import Report


def render_csv(report: Report) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for room, number, prompt, participant, answer, moment in response_rows(report):
        writer.writerow(
            [neutralise(room), number, neutralise(prompt), participant, neutralise(answer), moment]
        )
    return out.getvalue().encode("utf-8-sig")
