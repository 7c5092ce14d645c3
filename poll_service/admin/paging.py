"""What the administration's lists share: a page of rows (also the API's answer), the bounds of a
page, a search pattern, and moments that read as ISO 8601 UTC in JSON."""

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, PlainSerializer

from poll_service.ids import iso

T = TypeVar("T")
MAX_PER_PAGE = 100
MAX_QUERY = 100
# A moment in the rows: a datetime for the page's templates, "2026-12-04T14:00:00Z" in JSON.
Moment = Annotated[datetime, PlainSerializer(iso, return_type=str)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    pages: int
    total: int


def page_bounds(total: int, page: int, per_page: int) -> tuple[int, int]:
    """(page, pages): page clamped to 1..pages, so a page past the end shows the last one."""
    pages = max(1, -(-total // per_page))
    return min(max(page, 1), pages), pages


def like_pattern(query: str) -> str:
    """A case-insensitive substring pattern, with LIKE's own wildcards taken literally."""
    escaped = query.strip().lower()[:MAX_QUERY].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
