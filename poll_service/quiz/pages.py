"""The phone page without scripts in an audience-paced room: one question per page (`?q=2`), the
next one after a saved answer, a finish page at the end. Scripts replace this with survey-phone.js."""

from typing import Any

from poll_service.rooms.rules import AUDIENCE


def survey_page(state: dict[str, Any], index: int | None, voted_question: str | None) -> dict[str, Any]:
    """The participant state with `question` / `my_response` set to the page's question (and
    `survey_index`); unchanged for presenter-paced rooms."""
    if state.get("pacing") != AUDIENCE:
        return state
    questions: list[dict[str, Any]] = state.get("questions") or []
    mine: dict[str, Any] = state.get("my_responses") or {}
    ids = [q["id"] for q in questions]
    if index is None:
        if voted_question in ids:
            index = ids.index(voted_question) + 1  # saved: on to the next one
        else:
            index = next((i for i, q in enumerate(ids) if q not in mine), len(ids))
    index = max(0, min(index, len(ids)))
    page = dict(state)
    page["survey_index"] = index
    if index < len(ids):
        page["question"] = questions[index]
        page["my_response"] = mine.get(ids[index])
    return page
