"""Type the answer: a quiz question answered by typing, scored like the quiz (quiz/). An answer is
right when, written the plain way (case, accents, punctuation and spaces aside), it is one of the
accepted answers, or a typo or two away from a long enough one; a number must be exact. Phones
never see the accepted answers before the reveal."""

import unicodedata
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz.distance import OSA

from poll_service.errors import InvalidInput
from poll_service.question_types.base import (
    Answer,
    AnswerBody,
    Examples,
    Fields,
    FormProblem,
    Options,
    PhoneForm,
    Question,
    QuestionType,
    Row,
    RowLimits,
    Scoring,
    Settings,
    Values,
    posted,
    row,
)
from poll_service.question_types.quiz import ScoredSettings
from poll_service.text import clean_text

MAX_ACCEPTED = 10
MAX_ANSWER = 100  # characters of an accepted or a typed answer
SHOWN = 30  # the most given answers a tally lists
# A typo is forgiven in an answer of at least this many letters, two typos from the second length.
ONE_TYPO_FROM, TWO_TYPOS_FROM = 5, 9


class TypeAnswerSettings(ScoredSettings):
    accepted: list[str] = Field(
        default_factory=list, max_length=MAX_ACCEPTED, description="the right answers (at least one)"
    )
    typo_tolerance: int = Field(default=1, ge=0, le=2, description="typos forgiven in a long answer")
    max_length: int = Field(default=40, ge=1, le=MAX_ANSWER)


def finish_settings(settings: BaseModel, values: Settings, options: Options) -> Settings:
    accepted = []
    for raw in values["accepted"]:
        if not isinstance(raw, str):
            raise InvalidInput("invalid settings: accepted answers are texts")
        text = clean_text(raw, max_graphemes=MAX_ANSWER, field="settings.accepted")
        if not plain(text):
            raise InvalidInput("invalid settings: an accepted answer needs a letter or a digit")
        accepted.append(text)
    if not accepted:
        raise InvalidInput("invalid settings: give at least one accepted answer (settings.accepted)")
    values["accepted"] = accepted
    return values


def plain(text: str) -> str:
    """The answer written the plain way: no accents, case folded, only letters and digits with
    single spaces between words ("  Den-Haag! " -> "den haag")."""
    letters = unicodedata.normalize("NFKD", text)
    kept = [c for c in letters if not unicodedata.combining(c)]
    spaced = "".join(c if c.isalnum() else " " for c in "".join(kept).casefold())
    return " ".join(spaced.split())


def typos_forgiven(accepted: str, tolerance: int) -> int:
    if accepted.replace(" ", "").isdigit():
        return 0  # 42 is not 43
    length = len(accepted.replace(" ", ""))
    return min(tolerance, 2 if length >= TWO_TYPOS_FROM else 1 if length >= ONE_TYPO_FROM else 0)


def is_right(options: Options, settings: Settings, answer: Answer) -> bool:
    given = plain(str(answer.get("text", "")))
    if not given:
        return False
    tolerance = int(settings.get("typo_tolerance", 1))
    for accepted in settings.get("accepted", ()):
        wanted = plain(accepted)
        allowed = typos_forgiven(wanted, tolerance)
        if given == wanted or (allowed and OSA.distance(given, wanted, score_cutoff=allowed) <= allowed):
            return True
    return False


class TypedAnswer(AnswerBody):
    text: str = Field(min_length=1, max_length=4 * MAX_ANSWER)


def check_typed(answer: Any, options: Options, settings: Settings) -> Answer:
    text = clean_text(answer.text, max_graphemes=int(settings["max_length"]))
    if not plain(text):
        raise InvalidInput("text needs a letter or a digit")
    return {"text": text}


class TypedTally:
    """The answers given, the same answer written differently counted once (as first written),
    most given first, each marked right or wrong; and how many were right."""

    def __init__(self, options: Options, settings: Settings) -> None:
        self.options, self.settings = options, settings
        self.given: dict[str, list[Any]] = {}  # plain key -> [text as first written, count, right]

    def add(self, answer: Answer) -> None:
        key = plain(str(answer.get("text", "")))
        entry = self.given.setdefault(
            key, [answer.get("text", ""), 0, is_right(self.options, self.settings, answer)]
        )
        entry[1] += 1

    def remove(self, answer: Answer) -> None:
        key = plain(str(answer.get("text", "")))
        entry = self.given.get(key)
        if entry is not None:
            entry[1] -= 1
            if entry[1] <= 0:
                del self.given[key]

    def snapshot(self) -> dict[str, Any]:
        ranked = sorted(self.given.values(), key=lambda e: (-e[1], plain(e[0])))
        return {
            "answers": [{"text": t, "count": n, "right": r} for t, n, r in ranked[:SHOWN]],
            "distinct": len(ranked),
            "correct_count": sum(n for _, n, r in ranked if r),
            "accepted": list(self.settings.get("accepted", [])),
        }


def sealed(tally: dict[str, Any]) -> dict[str, Any]:
    """Before the reveal phones may see what was typed, not which answers are right."""
    return {"answers": [{"text": a["text"], "count": a["count"]} for a in tally.get("answers", [])]}


# ----- the phone's form without scripts (field `text`), and result rows -----
def read_typed(question: Question, fields: Fields) -> Values:
    return {"text": posted(fields, "text")}


def stored_typed(question: Question, mine: Answer | None) -> Values:
    return {"text": str(mine.get("text", "")) if mine else ""}


def typed_body(question: Question, values: Values) -> Answer:
    if not plain(values["text"]):
        raise FormProblem("phone.error_text")
    return {"text": values["text"]}


def typed_rows(question: Question, result: dict[str, Any], limits: RowLimits) -> list[Row]:
    """The most given answers with their counts; never which are right (the reveal says that)."""
    answers = result["tally"].get("answers", [])[: limits.words]
    top = max((a["count"] for a in answers), default=0)
    return [row(a["text"], str(a["count"]), 100 * a["count"] / top if top else 0) for a in answers]


def _valid(options: Options) -> list[Answer]:
    return [{"text": "Amsterdam"}, {"text": "amsterdm"}, {"text": "Rotterdam"}, {"text": "  AMSTERDAM!"}]


def _invalid(options: Options) -> list[Any]:
    return [{}, {"text": ""}, {"text": "?!"}, {"text": "x" * 41}, {"text": 42}, {"text": "A", "extra": 1}]


TYPE = QuestionType(
    "type_answer",
    TypeAnswerSettings,
    0,
    0,
    TypedAnswer,
    check_typed,
    TypedTally,
    Examples({"settings": {"accepted": ["Amsterdam"]}}, _valid, _invalid),
    phone_form=PhoneForm(read_typed, stored_typed, typed_body),
    result_rows=typed_rows,
    finish_settings=finish_settings,
    secret_settings=("accepted",),
    scoring=Scoring(
        is_right=is_right,
        right_answer=lambda options, settings: {"accepted": list(settings.get("accepted", []))},
        sealed_tally=sealed,
    ),
)
