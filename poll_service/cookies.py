"""When a cookie gets the Secure flag: configured (POLL_COOKIE_SECURE), a public URL that is https,
or the request itself came over HTTPS (directly, or from a trusted proxy's X-Forwarded-Proto, which
uvicorn applies for the addresses in --forwarded-allow-ips)."""

from starlette.requests import HTTPConnection

from poll_service.settings import Settings


def secure_cookie(settings: Settings, connection: HTTPConnection) -> bool:
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return settings.secure_cookies or connection.url.scheme == "https"
