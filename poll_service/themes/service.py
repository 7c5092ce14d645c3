"""Storing themes: a presentation's own, and the default an organiser's new presentations take."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from poll_service.errors import InvalidInput, NotFound
from poll_service.ids import utcnow
from poll_service.media.service import not_in_presentation
from poll_service.models import MediaAsset, OrganiserTheme, Presentation, User
from poll_service.themes.contrast import check_colours, failures
from poll_service.themes.schemas import ContrastPair, Theme, ThemePublic


class ContrastTooLow(InvalidInput):
    """A theme below WCAG AA: 422 naming each failing pair and its ratio."""

    def __init__(self, theme: Theme) -> None:
        failing = failures(theme.colours(), theme.background_image is not None)
        super().__init__(
            "this theme is below WCAG AA contrast: " + "; ".join(check.describe() for check in failing)
        )
        self.body_extra = {"failures": [ContrastPair.of(check).model_dump() for check in failing]}


def checked(theme: Theme) -> dict[str, Any]:
    """The theme as stored, once every pair passes AA."""
    if failures(theme.colours(), theme.background_image is not None):
        raise ContrastTooLow(theme)
    return theme.model_dump(exclude_none=True)


def public(stored: dict[str, Any] | None, source: str) -> ThemePublic:
    theme = Theme.model_validate(stored) if stored else Theme()
    return ThemePublic.model_validate(
        {
            "theme": theme,
            "source": source if stored else "built_in",
            "contrast": [
                ContrastPair.of(c) for c in check_colours(theme.colours(), theme.background_image is not None)
            ],
        }
    )


def presentation_theme(presentation: Presentation) -> ThemePublic:
    return public(presentation.theme, "presentation")


async def set_presentation_theme(
    session: AsyncSession, presentation: Presentation, theme: Theme | None
) -> None:
    """None: back to the pages' own look. Its logo and background image must be images of this
    presentation (another's, or another workspace's, is the same 404 as none)."""
    if theme is not None:
        stored = checked(theme)
        await _check_own_media(session, presentation.id, theme)
        presentation.theme = stored
    else:
        presentation.theme = None


async def _check_own_media(session: AsyncSession, presentation_id: str, theme: Theme) -> None:
    missing = await not_in_presentation(session, presentation_id, theme.media_ids())
    if missing:
        field = "logo" if theme.logo and theme.logo.media_id in missing else "background_image"
        raise NotFound(f"{field}: image not found (upload it to this presentation first)")


async def existing_media(session: AsyncSession, stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored theme without the images that are gone (deleted since): the page falls back to
    no logo or no background image instead of drawing a broken one."""
    if not stored or not (stored.get("logo") or stored.get("background_image")):
        return stored
    try:
        theme = Theme.model_validate(stored)
    except ValueError:
        return stored  # the pages ignore a theme that no longer validates
    wanted = theme.media_ids()
    found = set(
        (await session.scalars(select(col(MediaAsset.id)).where(col(MediaAsset.id).in_(wanted)))).all()
    )
    return theme.without_media(wanted - found).model_dump(exclude_none=True) if wanted - found else stored


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
    if theme.media_ids():
        raise InvalidInput(
            "logo, background_image: a default theme holds colours and a font only; "
            "set a logo or background image on each presentation's theme"
        )
    stored = checked(theme)
    if row is None:
        session.add(OrganiserTheme(user_id=owner.id, theme=stored))
    else:
        row.theme, row.updated_at = stored, utcnow()
    return public(stored, "organiser")
