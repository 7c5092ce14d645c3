"""What every question type is made of, and the checks they share."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from poll_service.errors import Conflict, InvalidInput

MAX_OPTIONS = 30
MAX_OPTION_LABEL = 200
MAX_ALT = 300
# The one setting every type has: a picture above the prompt ({media_id, alt}, or absent).
IMAGE_SETTING = "image"
# Every question and slide may carry presenter notes: `settings.notes`, shown to the organiser
# (dashboard, speaker view) and never to a participant (registry.public_settings drops it).
NOTES = "notes"
MAX_NOTES = 4000

Options = list[dict[str, Any]]
Settings = dict[str, Any]
Answer = dict[str, Any]
Question = dict[str, Any]  # as a phone sees it: id, type, prompt, options, settings
Fields = Mapping[str, list[str]]  # a posted form: each field's values, as sent
Values = dict[str, Any]  # a phone form's own fields, as strings: what the form shows
Row = dict[str, Any]  # a result row: label, value, percent (0-100 or None)
Moderation = Literal["off", "filter", "approve"]


class ImageRef(BaseModel):
    """An uploaded image placed on a question or an option (media/): which one, and the text a
    screen reader says instead (required: every picture has one)."""

    model_config = ConfigDict(extra="forbid")
    media_id: str = Field(min_length=1, max_length=32)
    alt: str = Field(min_length=1, max_length=MAX_ALT, description="alt text, read instead of the image")

    @field_validator("alt")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("alt text is required for every image")
        return value.strip()


class OptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=32, description="keep an option's id on edit")
    label: str = Field(min_length=1, max_length=MAX_OPTION_LABEL)
    correct: StrictBool = Field(default=False, description="quiz: a right answer")
    image: ImageRef | None = Field(default=None, description="image_choice: the option's picture")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FreeTextSettings(Strict):
    """Settings every free-text type has: several submissions, changes, moderation (moderation/)."""

    multiple_submissions: bool = False
    max_submissions: int = Field(default=5, ge=1, le=20)
    allow_change: bool = True
    moderation: Moderation = "off"


class AnswerBody(Strict):
    """A response body: the question it answers plus the type's own fields."""

    question_id: str = Field(max_length=32)


class Tally(Protocol):
    """A question's result, kept up to date one answer at a time: a live room adds and removes
    answers as they arrive and change; a recount adds them all (the two must agree)."""

    def add(self, answer: Answer) -> None: ...
    def remove(self, answer: Answer) -> None: ...
    def snapshot(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Examples:
    """For the conformance test: the body that creates a question of this type (besides `type`
    and `prompt`), answers a phone may give to it, and answers that must get a 422. Answers are
    functions of the created question's options, whose ids the server chooses."""

    create: dict[str, Any]
    valid: Callable[[Options], list[Answer]]
    invalid: Callable[[Options], list[Any]]


class FormProblem(Exception):
    """What is wrong with a posted answer, as a text key of the phone page (plus its values)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class PhoneForm:
    """The answer form of a phone without scripts (frontend/templates/phone_types/<type>.html
    draws it from `values`; js/types/<type>.js builds the same fields for a phone with scripts).
    A posted form becomes values (`read`), values become the API's response body (`answer`, or a
    FormProblem), and a stored answer becomes values too (`stored`; None: an empty form), so the
    template fills the form from either: a form sent back with an error keeps what was typed."""

    read: Callable[[Question, Fields], Values]
    stored: Callable[[Question, Answer | None], Values]
    answer: Callable[[Question, Values], Answer]


@dataclass(frozen=True)
class RowLimits:
    """How much of a long result a list of rows shows: the most used words, the newest answers."""

    words: int = 10
    texts: int = 5


# What everyone answered as rows, for the pages (js/types/<type>.js `rows` draws the same).
ResultRows = Callable[[Question, dict[str, Any], RowLimits], list[Row]]


@dataclass(frozen=True)
class Scoring:
    """A question answered for points (quiz/: the countdown, the reveal, the leaderboard): whether
    an answer is right, the right answer as a phone's reveal gives it, and what of the tally phones
    may see before the reveal (nothing that tells the answer)."""

    is_right: Callable[[Options, Settings, Answer], bool]
    right_answer: Callable[[Options, Settings], dict[str, Any]]
    sealed_tally: Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class QuestionType:
    name: str
    settings_model: type[BaseModel]
    min_options: int
    max_options: int
    answer_model: type[AnswerBody]
    check_answer: Callable[[Any, Options, Settings], Answer]
    new_tally: Callable[[Options, Settings], Tally]
    examples: Examples
    phone_form: PhoneForm
    result_rows: ResultRows
    # Options may (and at least one must) carry `correct: true` (quiz).
    marks_correct: bool = False
    # The phone's texts speak of votes and picks (multiple choice), not of answers.
    choice_texts: bool = False
    # Settings only the organiser sees (the right value of a number question), never a phone.
    secret_settings: tuple[str, ...] = ()
    # Answered for points, like a quiz (None: not scored).
    scoring: Scoring | None = None
    # Settings that depend on the options, filled in or checked once both are known.
    finish_settings: Callable[[Any, Settings, Options], Settings] | None = field(default=None)
    # Options may carry a picture (`image`: {media_id, alt}), shown with their label.
    option_images: bool = False
    # Takes answers (a vote); False for an item that is only shown (a content slide, the Q&A):
    # a vote to it is a 409, voting stays closed while it is on, exports show no tally for it.
    answered: bool = True
    # While it is the current item, the room's Q&A panel is open and on the screen (qna/).
    opens_qna: bool = False
    # The type draws `settings.image` itself (pin_image: the picture the pins go on), so the pages
    # and the PDF do not show it above the prompt as well.
    owns_image: bool = False
    # More of a question's result than its tally, from all its answers (the pins of pin_image):
    # only in a recount (GET /api/rooms/{rid}/results), never pushed, so it may be large.
    recount_extras: Callable[[list[Answer]], dict[str, Any]] | None = None

    def clean_settings(self, raw: Settings | None, options: Options) -> Settings:
        given = dict(raw or {})
        image = given.pop(IMAGE_SETTING, None)
        notes = given.pop(NOTES, "")
        if not isinstance(notes, str) or len(notes) > MAX_NOTES or len(notes.encode()) > 4 * MAX_NOTES:
            raise InvalidInput(f"invalid settings: notes must be a text of at most {MAX_NOTES} characters")
        try:
            settings = self.settings_model.model_validate(given)
            picture = None if image is None else ImageRef.model_validate(image)
        except ValidationError as exc:
            raise InvalidInput(f"invalid settings: {first_error(exc)}") from exc
        values = settings.model_dump()
        if self.finish_settings is not None:
            values = self.finish_settings(settings, values, options)
        if picture is not None:
            values[IMAGE_SETTING] = picture.model_dump()
        if notes.strip():
            values[NOTES] = notes.strip()
        return values

    def check_options(self, options: list[OptionIn]) -> None:
        if not self.min_options <= len(options) <= self.max_options:
            if self.max_options == 0:
                raise InvalidInput(f"a {self.name} question has no options")
            raise InvalidInput(
                f"a {self.name} question needs {self.min_options} to {self.max_options} options, "
                f"got {len(options)}"
            )
        labels = [o.label.strip().casefold() for o in options]
        if any(not label for label in labels):
            raise InvalidInput("an option label cannot be blank")
        if len(set(labels)) != len(labels):
            raise InvalidInput("options must have different labels")
        marked = any(o.correct for o in options)
        if self.marks_correct and not marked:
            raise InvalidInput(f"a {self.name} question needs at least one option with correct: true")
        if marked and not self.marks_correct:
            raise InvalidInput(f"only quiz options can be marked correct, not {self.name} options")
        if not self.option_images and any(o.image is not None for o in options):
            raise InvalidInput(f"only image_choice options carry pictures, not {self.name} options")

    def parse_answer(self, options: Options, settings: Settings, body: Any) -> Answer:
        if not self.answered:
            raise Conflict(f"a {self.name} item takes no answers")
        try:
            answer = self.answer_model.model_validate(body)
        except ValidationError as exc:
            raise InvalidInput(f"invalid response: {first_error(exc)}") from exc
        return self.check_answer(answer, options, settings)


def option_ids(options: Options) -> set[str]:
    return {str(o["id"]) for o in options}


def check_known(ids: list[str], options: Options, field: str) -> None:
    known = option_ids(options)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InvalidInput(f"{field} has ids that are not options of this question: {unknown[:3]}")
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"{field} names the same option twice")


def labelled(*labels: str) -> list[dict[str, Any]]:
    return [{"label": label} for label in labels]


def first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "body"
    return f"{where}: {err['msg']}"


def posted(fields: Fields, name: str) -> str:
    """A posted field's first value ('' when it was not sent)."""
    values = fields.get(name) or [""]
    return values[0]


def whole(text: str) -> int | None:
    """A typed whole number of at most six digits, or None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def fixed(value: float, digits: int = 0) -> str:
    """`value` to `digits` decimals with halves rounded up (2.25 -> "2.3"), as the browser's
    toFixed does; Python's own rounding sends halves to the even digit."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def row(label: str, value: str, percent: float | None) -> Row:
    return {"label": label, "value": value, "percent": None if percent is None else round(percent, 1)}


def placed_media_ids(settings: Settings, options: Options) -> set[str]:
    """The uploaded images a question shows: above its prompt and on its options."""
    placed = [settings.get(IMAGE_SETTING), *(o.get("image") for o in options)]
    return {str(image["media_id"]) for image in placed if isinstance(image, dict)}
