"""Walking the sign-in by HTTP as a browser would: the app's start, the provider's own login form,
back to the app's callback (which the caller decides whether to follow)."""

import re
from urllib.parse import urljoin

import httpx

CALLBACK = "/auth/oidc/callback"


async def to_callback(http: httpx.AsyncClient, app_url: str, login: str, next_url: str = "") -> str:
    """The callback URL (with code and state) the provider sends the browser to, not yet followed;
    `http` keeps the cookies of both sides (the flow cookie among them)."""
    url = f"{app_url}/auth/oidc/start" + (f"?next={next_url}" if next_url else "")
    for _ in range(12):
        r = await http.get(url)
        if r.status_code == 200 and 'name="login"' in r.text:  # the provider's login form
            action = re.search(r'action="([^"]+)"', r.text)
            assert action is not None, r.text[:500]
            r = await http.post(
                urljoin(url, action.group(1)),
                data={"prompt": "login", "login": login, "password": "any password"},
            )
        assert r.status_code in (302, 303), (url, r.status_code, r.text[:500])
        url = urljoin(url, r.headers["location"])
        if url.startswith(app_url + CALLBACK):
            return url
    raise AssertionError("never came back to the callback")


def new_browser() -> httpx.AsyncClient:
    return httpx.AsyncClient(follow_redirects=False, timeout=20)
