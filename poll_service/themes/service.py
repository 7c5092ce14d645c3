"""Storing themes: a presentation's own, and the default an organiser's new presentations take."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from poll_service.errors import InvalidInput
from poll_service.ids import utcnow
from poll_service.models import OrganiserTheme, Presentation, User
from poll_service.themes.contrast import check_colours, failures
from poll_service.themes.schemas import ContrastPair, Theme, ThemePublic


class ContrastTooLow(InvalidInput):
    """A theme below WCAG AA: 422 naming each failing pair and its ratio."""

    def __init__(self, theme: Theme) -> None:
        failing = failures(theme.colours())
        super().__init__(
            "this theme is below WCAG AA contrast: " + "; ".join(check.describe() for check in failing)
        )
        self.body_extra = {"failures": [ContrastPair.of(check).model_dump() for check in failing]}


def checked(theme: Theme) -> dict[str, Any]:
    """The theme as stored, once every pair passes AA."""
    if failures(theme.colours()):
        raise ContrastTooLow(theme)
    return theme.model_dump()


def public(stored: dict[str, Any] | None, source: str) -> ThemePublic:
    theme = Theme.model_validate(stored) if stored else Theme()
    return ThemePublic.model_validate(
        {
            "theme": theme,
            "source": source if stored else "built_in",
            "contrast": [ContrastPair.of(c) for c in check_colours(theme.colours())],
        }
    )


def presentation_theme(presentation: Presentation) -> ThemePublic:
    return public(presentation.theme, "presentation")


def set_presentation_theme(presentation: Presentation, theme: Theme | None) -> None:
    """None: back to the pages' own look."""
    presentation.theme = None if theme is None else checked(theme)


async def default_theme(session: AsyncSession, owner: User) -> dict[str, Any] | None:
    """The theme the organiser's new presentations take, None if they set none."""
    row = await session.get(OrganiserTheme, owner.id)
    return None if row is None else dict(row.theme)


async def organiser_theme(session: AsyncSession, owner: User) -> ThemePublic:
    return public(await default_theme(session, owner), "organiser")


async def set_default_theme(session: AsyncSession, owner: User, theme: Theme | None) -> ThemePublic:
    row = await session.get(OrganiserTheme, owner.id)
    if theme is None:
        if row is not None:
            await session.delete(row)
        return public(None, "organiser")
    stored = checked(theme)
    if row is None:
        session.add(OrganiserTheme(user_id=owner.id, theme=stored))
    else:
        row.theme, row.updated_at = stored, utcnow()
    return public(stored, "organiser")
