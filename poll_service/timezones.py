"""Time zones: which one a presentation's times are shown in, and checking a zone's name.

Times are stored and sent over the API in UTC; what people read (the PDF, the spreadsheets'
local columns, the shared results page, the dashboard) is local time with the zone named. The
zone is the presentation's own `settings.time_zone` when it has one, else the server's
`POLL_TIME_ZONE` (Europe/Amsterdam by default). Workspaces do not exist yet: when they do, a
workspace's zone goes between the two."""

from datetime import UTC, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def check_zone(name: str) -> str:
    """`name` if it is an IANA time zone this machine knows ("Europe/Amsterdam", "UTC"), else
    ValueError with a message fit for a 422."""
    if not isinstance(name, str) or not 1 <= len(name) <= 64 or name.startswith(("/", ".")) or ".." in name:
        raise ValueError("time_zone must be an IANA time zone name such as Europe/Amsterdam")
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Amsterdam or UTC"
        ) from None
    return name


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def presentation_zone(settings: dict[str, Any] | None, default: str) -> str:
    """The zone a presentation's times are shown in: its own, else the server's default."""
    own = (settings or {}).get("time_zone")
    if isinstance(own, str):
        try:
            return check_zone(own)
        except ValueError:  # a zone this machine's tz database no longer knows
            pass
    return default


def local(moment: datetime, name: str) -> datetime:
    """`moment` (UTC, aware or naive) in the zone `name`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(name))


def abbreviation(moment: datetime) -> str:
    """The zone's short name at a local moment: CET, CEST, UTC; "UTC+03" where the database has
    only an offset."""
    short = moment.tzname() or "UTC"
    return f"UTC{short}" if short[:1] in "+-" else short


def short_stamp(moment: datetime, name: str) -> str:
    """2026-11-24 20:04 CET: a moment in the zone `name`, the zone named."""
    shown = local(moment, name)
    return f"{shown:%Y-%m-%d %H:%M} {abbreviation(shown)}"
