"""The audience Q&A as an item of the deck: while it is the current item, the room's Q&A panel
(poll_service/qna/) is open and on the screen, whatever the room's own Q&A settings say; phones
ask and upvote there. It takes no answers of its own."""

from poll_service.question_types.base import QuestionType, Strict
from poll_service.question_types.shown_only import NO_FORM, EmptyTally, NoAnswer, examples, no_rows, refuse


class QnaItemSettings(Strict):
    """Nothing of its own: the panel's options are the room's (docs/qna-and-moderation.md)."""


TYPE = QuestionType(
    "qna",
    QnaItemSettings,
    0,
    0,
    NoAnswer,
    refuse,
    EmptyTally,
    examples({}),
    phone_form=NO_FORM,
    result_rows=no_rows,
    answered=False,
    opens_qna=True,
)
