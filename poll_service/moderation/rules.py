"""What moderation does to a new free-text entry: pure decisions, no I/O.

`moderation` is a per-question setting (word_cloud, open_text) and a Q&A setting:
- "off": every entry is shown at once;
- "filter": an entry with a listed word is stored as hidden (the organiser can restore it);
- "approve": every entry waits as pending until the organiser approves it.
"""

from typing import Any, Literal

from poll_service.moderation.profanity import ProfanityFilter, build_filter
from poll_service.settings import Settings

Status = Literal["visible", "pending", "hidden"]
VISIBLE: Status = "visible"
PENDING: Status = "pending"
HIDDEN: Status = "hidden"
STATUSES: tuple[Status, ...] = (VISIBLE, PENDING, HIDDEN)

# What the participant is told when their entry is not shown at once.
NOTES: dict[str, str] = {
    PENDING: "your answer is waiting for the presenter's approval before it is shown",
    HIDDEN: "your answer is not shown: it contains a word that is not allowed here",
}


def profanity_filter(settings: Settings) -> ProfanityFilter:
    return build_filter(settings.profanity_list_path, tuple(settings.profanity_extra_words))


def entry_texts(answer: dict[str, Any]) -> list[str]:
    """The participant's own words in an answer (word-cloud entries, an open answer, a Q&A text)."""
    texts = [str(e) for e in answer.get("entries", ())]
    if "text" in answer:
        texts.append(str(answer["text"]))
    return texts


def initial_status(moderation: str, texts: list[str], settings: Settings) -> Status:
    if moderation == "approve":
        return PENDING
    if moderation == "filter" and not profanity_filter(settings).is_clean(*texts):
        return HIDDEN
    return VISIBLE


def answer_status(question_settings: dict[str, Any], answer: dict[str, Any], settings: Settings) -> Status:
    """The status a new response starts with (a question without moderation: visible, at once)."""
    moderation = question_settings.get("moderation", "off")
    if moderation == "off":
        return VISIBLE
    return initial_status(str(moderation), entry_texts(answer), settings)
