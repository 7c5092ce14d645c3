"""Quiz: multiple choice with right answers, a time limit and points (docs/quiz-and-self-paced.md).
Answers are checked as multiple choice; scoring and the leaderboard are in quiz/."""

from typing import Any

from pydantic import Field

from poll_service.question_types.base import (
    MAX_OPTIONS,
    Answer,
    Examples,
    Options,
    QuestionType,
    Scoring,
    Settings,
    Strict,
)
from poll_service.question_types.multiple_choice import (
    CHOICE_FORM,
    ChoiceAnswer,
    ChoiceTally,
    MultipleChoiceSettings,
    check_choices,
    choice_rows,
    finish_choice_settings,
    invalid_choices,
    valid_choices,
)
from poll_service.question_types.quiz_scoring import correct_ids, is_correct


class ScoredSettings(Strict):
    """What every question answered for points has (the quiz, a typed answer)."""

    # One answer counts: a changed answer could otherwise chase the points.
    allow_change: bool = False
    time_limit_s: int = Field(default=20, ge=5, le=300)
    points: int = Field(default=1000, ge=0, le=10000)
    speed_bonus: bool = True
    # Phones and the screen show the right answer as soon as voting on it closes (else: "reveal").
    reveal_on_close: bool = True
    # Phones see the counts only after voting closes (so nobody copies the crowd).
    hide_results_until_closed: bool = True


class QuizSettings(MultipleChoiceSettings, ScoredSettings):
    allow_change: bool = False


class QuizTally(ChoiceTally):
    """Counts per option plus the right options and how many answers were right. Organiser views
    get all of it; phones get only the counts until voting closes (quiz/rules.py)."""

    def __init__(self, options: Options, settings: Settings) -> None:
        super().__init__(options, settings)
        self.options = options
        self.settings = settings
        self.right = 0

    def _is_right(self, answer: Answer) -> bool:
        return is_correct(self.options, self.settings, answer.get("choice_ids", ()))

    def add(self, answer: Answer) -> None:
        super().add(answer)
        self.right += self._is_right(answer)

    def remove(self, answer: Answer) -> None:
        super().remove(answer)
        if self._is_right(answer) and self.right > 0:
            self.right -= 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "correct_option_ids": correct_ids(self.options),
            "correct_count": self.right,
        }


def choice_right(options: Options, settings: Settings, answer: Answer) -> bool:
    return is_correct(options, settings, answer.get("choice_ids", ()))


CHOICE_SCORING = Scoring(
    is_right=choice_right,
    right_answer=lambda options, settings: {"correct_option_ids": correct_ids(options)},
    sealed_tally=lambda tally: {"counts": tally.get("counts", {})},  # not which are right
)


TYPE = QuestionType(
    "quiz",
    QuizSettings,
    2,
    MAX_OPTIONS,
    ChoiceAnswer,
    check_choices,
    QuizTally,
    Examples(
        {"options": [{"label": "Amsterdam", "correct": True}, {"label": "Rotterdam"}, {"label": "Utrecht"}]},
        valid_choices,
        invalid_choices,
    ),
    phone_form=CHOICE_FORM,  # answered like multiple choice
    result_rows=choice_rows,
    marks_correct=True,
    scoring=CHOICE_SCORING,
    finish_settings=finish_choice_settings,
)
