"""The words of the exports, per presentation language: Dutch for "nl", English otherwise."""

from datetime import datetime
from typing import Final

from poll_service.ids import as_utc

DASH = "\u2013"  # an en dash, for spans of time

_EN: Final[dict[str, str]] = {
    "report": "Results summary",
    "presentation": "Presentation",
    "room": "Room",
    "rooms": "Rooms",
    "date": "Date",
    "time_span": "Time span",
    "participants": "Participants",
    "responses": "Responses",
    "organiser": "Organiser",
    "generated": "Generated",
    "timeline": "Responses over time",
    "no_responses_at_all": "No responses were given.",
    "no_responses": "No responses to this question.",
    "response_count_one": "1 response",
    "response_count": "{n} responses",
    "multi_select": "several answers allowed",
    "per_room": "Per room",
    "combined": "All rooms",
    "total": "Total",
    "option": "Option",
    "count": "Count",
    "percent": "Percent",
    "page": "Page {page} of {pages}",
    "question": "Question",
    "question_short": "Q",
    "questions": "Questions",
    "answer": "Answer",
    "answered_at": "Answered at (UTC)",
    "participant": "Participant",
    "question_no": "No.",
    "sheet_responses": "Responses",
    "started": "Started",
    "no_chart": "No chart for this question type.",
    "live": "live",
    "ended": "ended",
    "shared_results": "Shared results",
    "read_only": "Read-only results page",
    "print": "Print",
    "questions_none": "This presentation has no questions.",
    "percent_note": "Percentages are of the responses to each question.",
    "removed_option": "(removed option)",
}

_NL: Final[dict[str, str]] = {
    "report": "Resultatenoverzicht",
    "presentation": "Presentatie",
    "room": "Zaal",
    "rooms": "Zalen",
    "date": "Datum",
    "time_span": "Tijdspanne",
    "participants": "Deelnemers",
    "responses": "Antwoorden",
    "organiser": "Organisator",
    "generated": "Gemaakt",
    "timeline": "Antwoorden in de tijd",
    "no_responses_at_all": "Er zijn geen antwoorden gegeven.",
    "no_responses": "Geen antwoorden op deze vraag.",
    "response_count_one": "1 antwoord",
    "response_count": "{n} antwoorden",
    "multi_select": "meerdere antwoorden mogelijk",
    "per_room": "Per zaal",
    "combined": "Alle zalen",
    "total": "Totaal",
    "option": "Optie",
    "count": "Aantal",
    "percent": "Procent",
    "page": "Pagina {page} van {pages}",
    "question": "Vraag",
    "question_short": "V",
    "questions": "Vragen",
    "answer": "Antwoord",
    "answered_at": "Beantwoord om (UTC)",
    "participant": "Deelnemer",
    "question_no": "Nr.",
    "sheet_responses": "Antwoorden",
    "started": "Begonnen",
    "no_chart": "Geen grafiek voor dit soort vraag.",
    "live": "live",
    "ended": "afgelopen",
    "shared_results": "Gedeelde resultaten",
    "read_only": "Alleen-lezen resultatenpagina",
    "print": "Afdrukken",
    "questions_none": "Deze presentatie heeft geen vragen.",
    "percent_note": "Percentages zijn van het aantal antwoorden per vraag.",
    "removed_option": "(verwijderde optie)",
}

_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
}  # fmt: skip


class Labels:
    """`labels["room"]`, `labels.responses(3)`, `labels.date(moment)` in one language."""

    def __init__(self, language: str | None) -> None:
        self.lang = "nl" if language == "nl" else "en"
        self._texts = _NL if self.lang == "nl" else _EN

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def format(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values)

    def responses(self, n: int) -> str:
        return self["response_count_one"] if n == 1 else self.format("response_count", n=n)

    def number(self, n: int) -> str:
        """10,000 / 10.000"""
        text = f"{n:,}"
        return text.replace(",", ".") if self.lang == "nl" else text

    def date(self, moment: datetime) -> str:
        """24 November 2026 / 24 november 2026 (UTC)."""
        moment = as_utc(moment)
        return f"{moment.day} {_MONTHS[self.lang][moment.month - 1]} {moment.year}"

    @staticmethod
    def clock(moment: datetime) -> str:
        return as_utc(moment).strftime("%H:%M")

    def span(self, start: datetime, end: datetime) -> str:
        """24 November 2026, 14:05-15:30 UTC (with an en dash), or two dates across midnight."""
        start, end = as_utc(start), as_utc(end)
        if start.date() == end.date():
            return f"{self.date(start)}, {self.clock(start)}{DASH}{self.clock(end)} UTC"
        return f"{self.date(start)} {self.clock(start)} {DASH} {self.date(end)} {self.clock(end)} UTC"

    def stamp(self, moment: datetime) -> str:
        return f"{self.date(moment)}, {self.clock(moment)} UTC"
