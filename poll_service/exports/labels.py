"""The words of the exports, per presentation language: Dutch for "nl", English otherwise."""

from datetime import datetime
from typing import Final

from poll_service.ids import as_utc
from poll_service.timezones import abbreviation, local

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
    "answered_at": "Answered at ({zone})",
    "answered_at_iso": "Answered at (ISO 8601, with UTC offset)",
    "time_zone": "Time zone",
    "times_in": "Times in {zone}",
    "participant": "Participant",
    "question_no": "No.",
    "sheet_responses": "Responses",
    # audience Q&A and moderation (exports/qna.py)
    "qna_title": "Audience Q&A",
    "qna_counts": "{shown} questions shown; {held} held back or hidden (listed in the CSV and XLSX)",
    "qna_more": "{n} more questions in the CSV and XLSX.",
    "qna_question": "Question",
    "qna_upvotes": "Upvotes",
    "qna_answered": "Answered",
    "qna_name": "Name",
    "qna_asked_at": "Asked at ({zone})",
    "qna_asked_at_iso": "Asked at (ISO 8601, with UTC offset)",
    "sheet_qna": "Q&A",
    "status": "Status",
    "yes": "yes",
    "started": "Started",
    "no_chart": "No chart for this question type.",
    "content_slide": "Content slide",
    "qna_item": "Audience Q&A: the questions asked are listed at the end.",
    "live": "live",
    "ended": "ended",
    "shared_results": "Shared results",
    "read_only": "Read-only results page",
    "print": "Print",
    "questions_none": "This presentation has no questions.",
    "percent_note": "Percentages are of the responses to each question.",
    "removed_option": "(removed option)",
    # quiz (renderers/quiz.py)
    "quiz_right": "right answer",
    "quiz_right_count": "{n} of {total} answers right ({percent}%)",
    "quiz_settings": "{seconds} s to answer · {points} points",
    "quiz_right_later": "The right answer is shown here once the session has ended.",
    "leaderboard": "Leaderboard",
    "leaderboard_more": "{n} more players in the XLSX.",
    "rank": "Rank",
    "nickname": "Name",
    "score": "Points",
    "answers_right": "Right answers",
    "quiz_answers": "Quiz answers",
    "yes_right": "right",
    "no_wrong": "wrong",
    "right_or_wrong": "Right?",
    "accepted_answers": "Accepted: {answers}",
    # word_cloud
    "word": "Word",
    "words_distinct": "{n} different words",
    "words_distinct_one": "1 word",
    "words_top": "The {shown} most frequent of {n} different words.",
    "cloud_note": "Word size follows the number of mentions.",
    "cloud_partial": (
        "Word size follows the number of mentions; {shown} of {n} words fit in the cloud, "
        "the table lists them all."
    ),
    "mentions": "Mentions",
    # open_text
    "newest_first": "newest first",
    "texts_shown_page": "The {shown} newest of {n} answers.",
    "texts_shown": "The {shown} newest of {n} answers; the CSV and XLSX hold every answer.",
    # scale
    "statement": "Statement",
    "mean": "Mean",
    "mean_short": "mean",
    "median": "Median",
    "value": "Value",
    "correct_value": "Right value",
    "number_range": "a number from {low} to {high}{unit}",
    "skipped": "Skipped",
    "skipped_word": "skipped",
    "skipped_n": "{n} skipped",
    "ratings_n": "n = {n}",
    "scale_range": "scale 1\u2013{steps}",
    # ranking
    "item": "Item",
    "position": "Position",
    "average_rank": "Average rank",
    "points": "Points",
    "borda_note": (
        "Ordered by average rank (1 = first place). Points: {n} for a first place \u2013 1 for a last."
    ),
    "rankings": "Rankings",
    # points
    "share": "Share",
    "points_total": "up to {total} points per participant",
    "points_given": "Points given",
    "average_per_response": "Average per response",
    "points_note": "Shares are of all {given} points given.",
    # matrix
    "matrix_axes": "x: {x} 1\u2013{steps} \u00b7 y: {y} 1\u2013{steps}",
    "matrix_note": "Dot: the item's mean on both axes; ring: the spread, one standard deviation each way.",
    "mean_of": "Mean {axis}",
    "spread_of": "SD {axis}",
    # pin_image
    "region": "Part of the picture",
    "pins": "Pins",
    "pin_at": "{x}% across, {y}% down",
    "pin_note": "Each square is a part of the picture: the darker, the more pins in it.",
    "region_0": "top left",
    "region_1": "top centre",
    "region_2": "top right",
    "region_3": "middle left",
    "region_4": "centre",
    "region_5": "middle right",
    "region_6": "bottom left",
    "region_7": "bottom centre",
    "region_8": "bottom right",
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
    "answered_at": "Beantwoord om ({zone})",
    "answered_at_iso": "Beantwoord om (ISO 8601, met UTC-verschil)",
    "time_zone": "Tijdzone",
    "times_in": "Tijden in {zone}",
    "participant": "Deelnemer",
    "question_no": "Nr.",
    "sheet_responses": "Antwoorden",
    # vragen van het publiek en moderatie (exports/qna.py)
    "qna_title": "Vragen van het publiek",
    "qna_counts": "{shown} vragen getoond; {held} tegengehouden of verborgen (staan in de CSV en XLSX)",
    "qna_more": "Nog {n} vragen in de CSV en XLSX.",
    "qna_question": "Vraag",
    "qna_upvotes": "Stemmen",
    "qna_answered": "Beantwoord",
    "qna_name": "Naam",
    "qna_asked_at": "Gesteld om ({zone})",
    "qna_asked_at_iso": "Gesteld om (ISO 8601, met UTC-verschil)",
    "sheet_qna": "Vragen",
    "status": "Status",
    "yes": "ja",
    "started": "Begonnen",
    "no_chart": "Geen grafiek voor dit soort vraag.",
    "content_slide": "Inhoudsdia",
    "qna_item": "Vragen uit de zaal: de gestelde vragen staan aan het eind.",
    "live": "live",
    "ended": "afgelopen",
    "shared_results": "Gedeelde resultaten",
    "read_only": "Alleen-lezen resultatenpagina",
    "print": "Afdrukken",
    "questions_none": "Deze presentatie heeft geen vragen.",
    "percent_note": "Percentages zijn van het aantal antwoorden per vraag.",
    "removed_option": "(verwijderde optie)",
    # quiz (renderers/quiz.py)
    "quiz_right": "goed antwoord",
    "quiz_right_count": "{n} van {total} antwoorden goed ({percent}%)",
    "quiz_settings": "{seconds} s om te antwoorden · {points} punten",
    "quiz_right_later": "Het goede antwoord staat hier zodra de sessie is afgelopen.",
    "leaderboard": "Scorebord",
    "leaderboard_more": "Nog {n} spelers in de XLSX.",
    "rank": "Plaats",
    "nickname": "Naam",
    "score": "Punten",
    "answers_right": "Goede antwoorden",
    "quiz_answers": "Quizantwoorden",
    "yes_right": "goed",
    "no_wrong": "fout",
    "right_or_wrong": "Goed?",
    "accepted_answers": "Goed gerekend: {answers}",
    # word_cloud
    "word": "Woord",
    "words_distinct": "{n} verschillende woorden",
    "words_distinct_one": "1 woord",
    "words_top": "De {shown} meest genoemde van {n} verschillende woorden.",
    "cloud_note": "De grootte van een woord volgt hoe vaak het genoemd is.",
    "cloud_partial": (
        "De grootte van een woord volgt hoe vaak het genoemd is; {shown} van {n} woorden passen in "
        "de wolk, de tabel noemt ze allemaal."
    ),
    "mentions": "Genoemd",
    # open_text
    "newest_first": "nieuwste eerst",
    "texts_shown_page": "De {shown} nieuwste van {n} antwoorden.",
    "texts_shown": ("De {shown} nieuwste van {n} antwoorden; de CSV en XLSX bevatten alle antwoorden."),
    # scale
    "statement": "Stelling",
    "mean": "Gemiddelde",
    "mean_short": "gem.",
    "median": "Mediaan",
    "value": "Waarde",
    "correct_value": "Juiste waarde",
    "number_range": "een getal van {low} tot {high}{unit}",
    "skipped": "Overgeslagen",
    "skipped_word": "overgeslagen",
    "skipped_n": "{n} overgeslagen",
    "ratings_n": "n = {n}",
    "scale_range": "schaal 1\u2013{steps}",
    # ranking
    "item": "Onderdeel",
    "position": "Plaats",
    "average_rank": "Gemiddelde plaats",
    "points": "Punten",
    "borda_note": (
        "Geordend op gemiddelde plaats (1 = eerste plaats). Punten: {n} voor een eerste plaats "
        "\u2013 1 voor een laatste."
    ),
    "rankings": "Rangschikkingen",
    # points
    "share": "Aandeel",
    "points_total": "maximaal {total} punten per deelnemer",
    "points_given": "Gegeven punten",
    "average_per_response": "Gemiddeld per antwoord",
    "points_note": "Aandelen zijn van alle {given} gegeven punten.",
    # matrix
    "matrix_axes": "x: {x} 1\u2013{steps} \u00b7 y: {y} 1\u2013{steps}",
    "matrix_note": (
        "Stip: het gemiddelde van het onderdeel op beide assen; ring: de spreiding, "
        "een standaardafwijking naar elke kant."
    ),
    "mean_of": "Gem. {axis}",
    "spread_of": "SA {axis}",
    # pin_image
    "region": "Deel van de afbeelding",
    "pins": "Spelden",
    "pin_at": "{x}% van links, {y}% van boven",
    "pin_note": "Elk vakje is een deel van de afbeelding: hoe donkerder, hoe meer spelden erin.",
    "region_0": "linksboven",
    "region_1": "midden boven",
    "region_2": "rechtsboven",
    "region_3": "midden links",
    "region_4": "midden",
    "region_5": "midden rechts",
    "region_6": "linksonder",
    "region_7": "midden onder",
    "region_8": "rechtsonder",
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

    def __init__(self, language: str | None, time_zone: str = "UTC") -> None:
        self.lang = "nl" if language == "nl" else "en"
        self._texts = _NL if self.lang == "nl" else _EN
        self.time_zone = time_zone  # an IANA name (timezones.check_zone), times are shown in it

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

    def decimal(self, value: float, places: int = 2) -> str:
        """3.50 / 3,50"""
        text = f"{value:,.{places}f}"
        return text.replace(",", "_").replace(".", ",").replace("_", ".") if self.lang == "nl" else text

    def local(self, moment: datetime) -> datetime:
        return local(as_utc(moment), self.time_zone)

    def date(self, moment: datetime) -> str:
        """24 November 2026 / 24 november 2026 (the local date)."""
        moment = self.local(moment)
        return f"{moment.day} {_MONTHS[self.lang][moment.month - 1]} {moment.year}"

    def clock(self, moment: datetime) -> str:
        """20:04 (local, without the zone)."""
        return self.local(moment).strftime("%H:%M")

    def zone(self, moment: datetime) -> str:
        """The zone's short name at that moment: CET in winter, CEST in summer."""
        return abbreviation(self.local(moment))

    def span(self, start: datetime, end: datetime) -> str:
        """24 November 2026, 19:05-20:30 CET (with an en dash), or two dates across midnight; a
        span across a change of summer time names both zones."""
        first, last = self.local(start), self.local(end)
        zones = self.zone(start) if self.zone(start) == self.zone(end) else None
        if first.date() == last.date():
            if zones:
                return f"{self.date(start)}, {self.clock(start)}{DASH}{self.clock(end)} {zones}"
            return f"{self.date(start)}, {self.at(start)} {DASH} {self.at(end)}"
        return f"{self.date(start)} {self.at(start)} {DASH} {self.date(end)} {self.at(end)}"

    def at(self, moment: datetime) -> str:
        """20:04 CET"""
        return f"{self.clock(moment)} {self.zone(moment)}"

    def stamp(self, moment: datetime) -> str:
        """24 November 2026, 20:04 CET"""
        return f"{self.date(moment)}, {self.clock(moment)} {self.zone(moment)}"

    def iso(self, moment: datetime) -> str:
        """ISO 8601 local time with its offset and milliseconds: 2026-11-24T20:31:05.123+01:00."""
        return self.local(moment).isoformat(timespec="milliseconds")
