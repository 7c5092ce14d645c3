"""Text for a spreadsheet cell that the spreadsheet shows and never runs.

A spreadsheet runs a cell that starts with = + - @ (or tab / carriage return, which some programs
skip first) as a formula, so any such text gets a leading single quote (OWASP "CSV injection").
Shared by the results exports (exports/cells.py) and the audit log's CSV (admin/audit_log.py)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
