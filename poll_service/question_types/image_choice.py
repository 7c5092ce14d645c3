"""Image choice: multiple choice whose options are pictures with labels (a tappable grid on the
phone, the pictures beside the bars on the presenter). Answers, tally, the phone's form without
scripts and result rows are multiple choice's; an option's picture is `image: {media_id, alt}`
(media/), and an option without one shows its label alone until a picture is chosen."""

from pydantic import Field

from poll_service.question_types.base import Examples, QuestionType, Strict, labelled
from poll_service.question_types.multiple_choice import (
    CHOICE_FORM,
    ChoiceAnswer,
    ChoiceTally,
    check_choices,
    choice_rows,
    finish_choice_settings,
    invalid_choices,
    valid_choices,
)

# More pictures than this no longer read as a grid on a phone or beside bars on a screen.
MAX_PICTURES = 12


class ImageChoiceSettings(Strict):
    multi_select: bool = False
    max_choices: int | None = Field(default=None, ge=1, le=MAX_PICTURES)
    allow_change: bool = True


TYPE = QuestionType(
    "image_choice",
    ImageChoiceSettings,
    2,
    MAX_PICTURES,
    ChoiceAnswer,
    check_choices,
    ChoiceTally,
    Examples({"options": labelled("Tulips", "Windmills", "Canals")}, valid_choices, invalid_choices),
    finish_settings=finish_choice_settings,
    phone_form=CHOICE_FORM,
    result_rows=choice_rows,
    choice_texts=True,
    option_images=True,
)
