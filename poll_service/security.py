"""Password hashing (argon2), organiser session tokens and signed participant tokens."""

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer

_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps login timing the same either way.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

SESSION_COOKIE = "poll_session"
PARTICIPANT_COOKIE = "poll_participant"
VERIFIED_TOKENS_KEPT = 100_000


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Only the digest of a session token is stored, so a leaked table grants no logins."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ParticipantIdentity:
    room_id: str
    participant_id: str


class ParticipantTokens:
    """Stateless signed tokens: checking one on the vote path costs no database round trip."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="participant-v1")
        # Checking a signature costs more than the rest of a vote; a phone sends the same token
        # with every request, so verified tokens are remembered (bounded; a forged one never is).
        self._verified: dict[str, ParticipantIdentity] = {}

    def issue(self, room_id: str, participant_id: str) -> str:
        token = str(self._serializer.dumps([room_id, participant_id]))
        # Known good: the phone's first vote (often its only one) need not check the signature.
        self._remember(token, ParticipantIdentity(room_id=room_id, participant_id=participant_id))
        return token

    def _remember(self, token: str, identity: ParticipantIdentity) -> None:
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            self._verified.clear()
        self._verified[token] = identity

    def read(self, token: str) -> ParticipantIdentity | None:
        known = self._verified.get(token)
        if known is not None:
            return known
        if len(token) > 200:
            return None
        try:
            value = self._serializer.loads(token)
        except BadSignature:
            return None
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            return None
        identity = ParticipantIdentity(room_id=value[0], participant_id=value[1])
        self._remember(token, identity)
        return identity
