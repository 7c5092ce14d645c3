"""Password hashing (argon2, off the event loop), organiser session tokens, known-device cookies and
signed participant tokens."""

import asyncio
import contextlib
import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer

from poll_service.errors import ServiceBusy
from poll_service.settings import MIN_HASH_WORK_KIB, Settings

SESSION_COOKIE = "poll_session"
PARTICIPANT_COOKIE = "poll_participant"
VERIFIED_TOKENS_KEPT = 100_000


class Passwords:
    """argon2id at the configured cost. A stored hash carries its own cost, so a hash made before
    the cost changed still verifies."""

    def __init__(self, memory_kib: int = 65536, passes: int = 3, lanes: int = 4) -> None:
        if memory_kib * passes < MIN_HASH_WORK_KIB:
            raise ValueError("argon2 memory x passes is below OWASP's floor (7 MiB x 5)")
        self._hasher = PasswordHasher(time_cost=passes, memory_cost=memory_kib, parallelism=lanes)
        self._dummy: str | None = None

    @classmethod
    def of(cls, settings: Settings) -> "Passwords":
        return cls(
            settings.password_hash_memory_kib, settings.password_hash_passes, settings.password_hash_lanes
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def _dummy_hash(self) -> str:
        """Verifying against this when the email is unknown keeps login timing the same either
        way. Made at the first such log-in (on a hashing thread), not at start-up: a test run
        starts a thousand apps."""
        if self._dummy is None:
            self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        return self._dummy

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            matches = self._hasher.verify(password_hash or self._dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False
        return matches and password_hash is not None


T = TypeVar("T")
# Where SCHED_IDLE is missing, hashing threads at least yield to the loop and the vote writer.
HASHING_NICENESS = 19
BUSY = "the server is busy checking passwords; try again in a moment"


def _keep_to(cpus: frozenset[int] | None) -> Callable[[], None]:
    def start_hashing_thread() -> None:
        thread = threading.get_native_id()
        if cpus is not None:
            with contextlib.suppress(AttributeError, OSError):
                os.sched_setaffinity(thread, cpus)  # argon2's lane threads inherit it too
        _lower_priority(thread)

    return start_hashing_thread


def _lower_priority(thread: int) -> None:
    """Hash only on a core that the event loop and the vote writer leave free: Linux's SCHED_IDLE
    for this thread (argon2's own lane threads inherit it), else the lowest nice value."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
        return
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, thread, HASHING_NICENESS)


class PasswordHashing:
    """Password hashing off the event loop, a few at a time.

    Argon2 (64 MiB and ~125 ms of a core per hash, by design) run inside a request handler stops
    the event loop, and every vote of every room in the process with it: four registration loops
    from one laptop took vote acknowledgements from 43 ms to 3.5 s. Hashes run in a small pool of
    threads of their own (argon2-cffi lets go of the GIL while it works) that the system schedules
    only when the loop and the vote writer leave a core free (SCHED_IDLE on Linux), on the CPUs
    POLL_PASSWORD_HASHING_CPUS names if it is set; at most
    `queue` more wait for a thread, and past that a request is answered 503 with Retry-After
    instead of piling up work."""

    def __init__(
        self, concurrency: int, queue: int, passwords: Passwords, cpus: frozenset[int] | None = None
    ) -> None:
        self._passwords = passwords
        self._executor = ThreadPoolExecutor(
            max_workers=concurrency, thread_name_prefix="poll-hash", initializer=_keep_to(cpus)
        )
        self._most = concurrency + queue
        self.pending = 0  # hashing now plus waiting for a thread

    async def hash(self, password: str) -> str:
        return await self._run(self._passwords.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """As Passwords.verify: an unknown account (None) costs one hash too."""
        return await self._run(self._passwords.verify, password_hash, password)

    async def _run(self, work: Callable[..., T], *args: object) -> T:
        if self.pending >= self._most:
            raise ServiceBusy(BUSY, retry_after=2)
        self.pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)
        finally:
            self.pending -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def signed_pair(serializer: URLSafeSerializer, token: str) -> tuple[str, str] | None:
    """The two strings a token of ours carries, if its signature holds (None for anything else)."""
    if len(token) > 200:
        return None
    try:
        value = serializer.loads(token)
    except BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        return None
    return value[0], value[1]


# Known devices: a browser that has logged into an account keeps a signed cookie saying so. Wrong
# passwords are limited per account so that nobody can guess one, but a limit per account alone
# lets anyone anywhere lock the owner out with ten wrong tries a minute: log-ins from a device that
# has logged into that account before count against a budget of their own (accounts/router.py).
DEVICE_COOKIE = "poll_device"
DEVICE_DAYS = 365


def _account_key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class KnownDevice:
    account: str  # a digest of the normalised email (the cookie never carries the address)
    device: str  # random, one per browser and account


class DeviceCookies:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="device-v1")

    def issue(self, email: str) -> str:
        return str(self._serializer.dumps([_account_key(email), secrets.token_urlsafe(12)]))

    def read(self, value: str | None, email: str) -> KnownDevice | None:
        """The device, if the cookie is genuine and was issued for this account."""
        parts = signed_pair(self._serializer, value) if value else None
        if parts is None or parts[0] != _account_key(email):
            return None
        return KnownDevice(account=parts[0], device=parts[1])


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Only the digest of a session token is stored, so a leaked table grants no logins."""
    return hashlib.sha256(token.encode()).hexdigest()


# Without a retention period, a participant's token still ends this long after its room did.
TOKEN_DAYS_AFTER_END = 30
# A message, not a secret (bandit B105 guesses from the name).
TOKEN_EXPIRED = "this session ended long ago; your link to it has expired"  # nosec B105


def participant_token_expired(room_ended_at: str | None, retention_days: int | None) -> bool:
    """A participant's token lasts until its room has been over (`room_ended_at`, ISO 8601) for
    the retention period, or TOKEN_DAYS_AFTER_END when answers are kept for ever: tokens carry no
    date of their own, and the room's end is what makes them stale."""
    if not room_ended_at:
        return False
    ended = datetime.fromisoformat(room_ended_at)
    ended = ended if ended.tzinfo else ended.replace(tzinfo=UTC)
    return datetime.now(UTC) - ended > timedelta(days=retention_days or TOKEN_DAYS_AFTER_END)


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
        value = signed_pair(self._serializer, token)
        if value is None:
            return None
        identity = ParticipantIdentity(room_id=value[0], participant_id=value[1])
        self._remember(token, identity)
        return identity
