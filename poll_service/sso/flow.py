"""The browser's half of a sign-in in progress: state, nonce, PKCE verifier and where to go next,
in a signed cookie that lives ten minutes. The state in the provider's redirect must match it, so a
code started in another browser (login CSRF) or an old one is refused before it is spent."""

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

FLOW_COOKIE = "poll_oidc_flow"
# The cookie goes to the callback only; SameSite=Lax still sends it on the provider's redirect.
FLOW_PATH = "/auth/oidc"
FLOW_SECONDS = 600
# The ID token, kept for the provider's logout (id_token_hint) and sent to /logout only.
HINT_COOKIE = "poll_oidc_hint"
HINT_PATH = "/logout"
MAX_COOKIE = 3800


@dataclass(frozen=True)
class Flow:
    state: str
    nonce: str
    code_verifier: str
    next_url: str


class FlowCookies:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="oidc-flow-v1")

    def issue(self, flow: Flow) -> str:
        return str(self._serializer.dumps([flow.state, flow.nonce, flow.code_verifier, flow.next_url]))

    def read(self, value: str | None) -> Flow | None:
        """The flow, if the cookie is ours and fresh; None for anything else."""
        if not value or len(value) > MAX_COOKIE:
            return None
        try:
            parts = self._serializer.loads(value, max_age=FLOW_SECONDS)
        except BadSignature:  # also an expired one (SignatureExpired is a BadSignature)
            return None
        if not (isinstance(parts, list) and len(parts) == 4 and all(isinstance(p, str) for p in parts)):
            return None
        return Flow(*parts)


def state_matches(flow: Flow, state: str | None) -> bool:
    return state is not None and secrets.compare_digest(flow.state.encode(), state.encode())


def set_flow_cookie(response: Response, value: str, secure: bool) -> None:
    response.set_cookie(
        FLOW_COOKIE, value, max_age=FLOW_SECONDS, httponly=True, samesite="lax", secure=secure, path=FLOW_PATH
    )


def clear_flow_cookie(response: Response) -> None:
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH, httponly=True, samesite="lax")


def set_hint_cookie(response: Response, id_token: str, days: int, secure: bool) -> None:
    if len(id_token) <= MAX_COOKIE:  # a huge token is left out: logout works without the hint
        response.set_cookie(
            HINT_COOKIE,
            id_token,
            max_age=days * 86400,
            httponly=True,
            samesite="lax",
            secure=secure,
            path=HINT_PATH,
        )


def clear_hint_cookie(response: Response) -> None:
    response.delete_cookie(HINT_COOKIE, path=HINT_PATH, httponly=True, samesite="lax")
