"""A content slide: no voting, only something to show between the questions. The prompt is its
heading; it may add a text (a small Markdown subset: slide_text.py), a bullet list, a quote and a
big number. Phones show "look at the screen" with the same text, for the people at the back."""

from typing import Any

from pydantic import BaseModel, Field

from poll_service.errors import InvalidInput
from poll_service.question_types.base import Options, QuestionType, Settings, Strict
from poll_service.question_types.shown_only import NO_FORM, EmptyTally, NoAnswer, examples, no_rows, refuse
from poll_service.question_types.slide_text import render_markdown

MAX_TEXT = 4000
MAX_BULLETS = 12


class SlideSettings(Strict):
    text: str = Field(default="", max_length=MAX_TEXT, description="Markdown subset: *em*, **strong**, lists")
    bullets: list[str] = Field(default_factory=list, max_length=MAX_BULLETS)
    quote: str = Field(default="", max_length=500)
    quote_by: str = Field(default="", max_length=100)
    big_number: str = Field(default="", max_length=16, description="shown large: 42, 87%, €1.2M")
    big_number_label: str = Field(default="", max_length=100)
    # A PDF page (docs/media.md#a-pdf-deck): the screen shows only the image, as large as it fits;
    # the heading stays for screen readers and the deck's lists.
    image_fill: bool = Field(
        default=False, description="the image fills the screen, the heading is not shown"
    )
    # Derived from `text` on every save (any value sent is replaced): what screens and phones show.
    text_html: str = Field(default="", max_length=4 * MAX_TEXT, description="read only: text as HTML")


def finish_slide_settings(settings: BaseModel, values: Settings, options: Options) -> Settings:
    bullets = [b.strip() for b in values["bullets"] if isinstance(b, str) and b.strip()]
    if any(len(b) > 200 for b in bullets):
        raise InvalidInput("invalid settings: a bullet is at most 200 characters")
    for name in ("quote", "quote_by", "big_number", "big_number_label"):
        values[name] = values[name].strip()
    values["bullets"] = bullets
    values["text"] = values["text"].strip()
    values["text_html"] = render_markdown(values["text"])
    return values


TYPE = QuestionType(
    "slide",
    SlideSettings,
    0,
    0,
    NoAnswer,
    refuse,
    EmptyTally,
    examples(
        {
            "settings": {
                "text": "Welcome to the **library network** afternoon.\n\n- Plenary\n- Breakouts",
                "bullets": ["Coffee at three", "Five sessions"],
                "quote": "A library is a growing organism.",
                "quote_by": "S. R. Ranganathan",
                "big_number": "42",
                "big_number_label": "libraries in the network",
            }
        }
    ),
    phone_form=NO_FORM,
    result_rows=no_rows,
    finish_settings=finish_slide_settings,
    answered=False,
)


def slide_text_of(settings: dict[str, Any]) -> list[str]:
    """The slide's words as plain lines (the PDF's text, a screen reader's summary)."""
    lines = [settings.get("text", "")] + [f"• {b}" for b in settings.get("bullets", [])]
    if settings.get("quote"):
        by = settings.get("quote_by")
        lines.append(f"“{settings['quote']}”" + (f" — {by}" if by else ""))
    if settings.get("big_number"):
        lines.append(f"{settings['big_number']} {settings.get('big_number_label', '')}".strip())
    return [line for line in lines if line]
