"""The presenter's high-contrast theme (for washed-out projectors): `?contrast=high` or `normal` on
the URL, else the `poll_contrast` cookie that the page's `K` key (or that URL) leaves behind."""

from starlette.requests import Request

CONTRAST_COOKIE = "poll_contrast"
CONTRAST_PARAM = "contrast"


def high_contrast(request: Request) -> bool:
    asked = request.query_params.get(CONTRAST_PARAM)
    if asked in ("high", "normal"):
        return asked == "high"
    return request.cookies.get(CONTRAST_COOKIE) == "high"
