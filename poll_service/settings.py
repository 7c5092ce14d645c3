"""All configuration in one place: environment variables with the prefix POLL_ (and a .env file)."""

import logging
import os
import secrets
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from poll_service.timezones import DEFAULT_TIME_ZONE, check_zone

# A file name, not a secret (bandit B105 guesses from the name).
_DEV_SECRET_FILE = ".poll-secret"  # nosec B105
# Signing keys shorter than this are refused, from the environment or from the file.
MIN_SECRET = 32
log = logging.getLogger(__name__)


def kept_secret(path: Path) -> str:
    """The secret in `path`, made there first if there is none.

    The file appears whole or not at all, readable by its owner only (written to a private
    temporary file, then linked into place), so a second worker starting at the same moment reads
    the same key, never an empty or half-written one. A file that holds too short a key is refused:
    an empty key would sign tokens anyone can forge."""
    if not path.exists():
        key = secrets.token_urlsafe(48)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".poll-secret-")  # mode 0600
        try:
            with os.fdopen(handle, "w") as out:
                out.write(key)
                out.flush()
                os.fsync(out.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker made it first: use theirs
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        log.warning("%s could be read by other users; it is now readable by its owner only", path)
        path.chmod(0o600)
    key = path.read_text().strip()
    if len(key) < MIN_SECRET:
        raise ValueError(
            f"{path} holds no usable secret ({len(key)} characters, at least {MIN_SECRET}): delete it "
            "to have a new one made, or set POLL_SECRET_KEY"
        )
    return key


def _half_the_cores() -> int:
    """Hashing may take half the machine at most: the other half keeps serving the rooms."""
    return max(1, (os.cpu_count() or 2) // 2)


def parse_cpu_list(text: str) -> set[int]:
    """A CPU list as taskset and /sys write it: "0", "2-3", "0,2-3"."""
    cpus: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if not (first.isdigit() and (not dash or last.isdigit())):
            raise ValueError(f"{text!r} is not a CPU list such as 1 or 2-3 or 0,2")
        low, high = int(first), int(last) if dash else int(first)
        if high < low or high > 4095:
            raise ValueError(f"{part!r} is not a range of CPUs")
        cpus.update(range(low, high + 1))
    return cpus


# OWASP's floor for argon2id: memory (KiB) times passes of at least 7 MiB x 5 (or 19 MiB x 2, ...).
MIN_HASH_WORK_KIB = 7168 * 5


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLL_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///poll-service.db"
    redis_url: str | None = None
    public_url: str | None = None
    secret_key: str | None = None
    allow_registration: bool = True
    # Who may make a local account: open, invitation (only with a workspace invitation for that
    # address) or closed. Unset: open, or closed when POLL_ALLOW_REGISTRATION=false. The default
    # only: an administrator's choice on /admin is kept in the database and wins (admin/).
    registration: Literal["open", "invitation", "closed"] | None = None
    # The zone the exports, results pages and dashboard show times in, unless a presentation has
    # its own (settings.time_zone): an IANA name (poll_service/timezones.py).
    time_zone: str = DEFAULT_TIME_ZONE
    # The garbage collector's pacing (gc_pacing.py): off leaves CPython's own collection, for a
    # process that embeds the app or starts many of them (the test suite) rather than serving.
    gc_pacing: bool = True
    # Local passwords (register and log in by password); off leaves single sign-on only.
    password_login: bool = True
    # Single sign-on through the organisation's OpenID provider (docs/api-extensions.md): off
    # until an issuer and client id are set.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_display_name: str = Field(default="your organisation", min_length=1, max_length=60)
    oidc_scopes: list[str] = Field(default_factory=lambda: ["openid", "email", "profile"])
    # Who may sign in: e-mail domains (empty: any) and a value the groups claim must hold.
    oidc_allowed_domains: list[str] = Field(default_factory=list)
    oidc_required_group: str | None = None
    oidc_groups_claim: str = "groups"
    # Members of this group (in the groups claim) become the server's administrators when they
    # sign in; leaving the group does not demote them (an administrator does, on /admin).
    oidc_admin_group: str | None = Field(default=None, min_length=1, max_length=200)
    oidc_callbacks_per_ip_per_minute: int = Field(default=30, ge=1)
    # Extra origins allowed to open cookie-authenticated sockets; the service's own is always allowed.
    allowed_origins: list[str] = Field(default_factory=list)
    # A folder of extra translation catalogues (<lang>.json): a new language, or changed texts.
    locale_dir: Path | None = None

    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=20, ge=0, le=500)
    db_busy_timeout_ms: int = Field(default=5000, ge=0, le=60000)
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "FULL"

    results_push_hz: float = Field(default=10.0, gt=0, le=50)
    # Benchmark-only switch that pushes results on every vote; it exists to prove it fails.
    push_every_vote: bool = False

    session_days: int = Field(default=14, ge=1, le=365)
    cookie_secure: bool | None = None  # None: secure when public_url is https

    join_failures_per_minute: int = Field(default=10, ge=1)
    joins_per_ip_per_minute: int = Field(default=3000, ge=1)
    # Joins of one room from one address a minute before they count toward the flood warning.
    join_burst_per_ip_per_minute: int = Field(default=120, ge=1)
    responses_per_participant_per_10s: int = Field(default=20, ge=1)
    reactions_per_participant_per_10s: int = Field(default=10, ge=1)
    # Audience Q&A (docs/qna-and-moderation.md): asking and upvoting per participant, size of a room.
    qna_questions_per_participant_per_minute: int = Field(default=5, ge=1)
    qna_upvotes_per_participant_per_10s: int = Field(default=30, ge=1)
    qna_max_questions_per_room: int = Field(default=1000, ge=1, le=100_000)
    # The "filter" moderation: a custom word list (a file, one entry per line) instead of the
    # built-in Dutch and English lists, and extra words on top of whichever list is used.
    profanity_list_path: str | None = None
    profanity_extra_words: list[str] = Field(default_factory=list, max_length=10_000)
    logins_per_minute: int = Field(default=10, ge=1)
    # New organiser accounts: per address per hour, and from everyone per minute (each costs a hash).
    registrations_per_ip_per_hour: int = Field(default=50, ge=1)
    registrations_per_minute: int = Field(default=60, ge=1)
    # Decks made in one go per organiser a minute: duplicates, imports, templates (decks/).
    deck_writes_per_minute: int = Field(default=30, ge=1)
    # Requests a personal API token may make (tokens/): a script's, counted per token.
    api_token_requests_per_minute: int = Field(default=600, ge=1)
    # Workspace invitations (workspaces/): how long a link lives, and how many an organiser may
    # send an hour (each may be an e-mail to a stranger).
    invitation_days: int = Field(default=7, ge=1, le=90)
    invitations_per_hour: int = Field(default=30, ge=1)
    # Invitations by e-mail: smtp://user:password@host:587 (STARTTLS when the server offers it) or
    # smtps://…:465; unset, the dashboard shows the link to copy instead (docs/workspaces.md).
    smtp_url: str | None = Field(default=None, max_length=1000)
    mail_from: str = Field(default="poll-service@localhost", max_length=254)
    # Webhooks (docs/webhooks.md): endpoints on private, loopback or link-local addresses are
    # refused unless allowed (a receiver on the same network); a receiver must answer within the
    # timeout; a failed delivery is retried after base x 2^(attempt-1) seconds (capped), up to
    # max attempts; an endpoint failing this many attempts in a row is disabled. A node with the
    # worker off only queues deliveries; the others send them.
    webhooks_allow_private_addresses: bool = False
    webhook_timeout_s: float = Field(default=10.0, gt=0, le=60)
    webhook_max_attempts: int = Field(default=8, ge=1, le=30)
    webhook_retry_base_s: float = Field(default=10.0, gt=0, le=3600)
    webhook_retry_max_s: float = Field(default=3600.0, gt=0, le=86400)
    webhook_disable_after_failures: int = Field(default=25, ge=1, le=10_000)
    webhook_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    webhook_worker: bool = True
    webhook_changes_per_minute: int = Field(default=30, ge=1)
    # Delivered and failed deliveries are kept this many days in the log, then deleted.
    webhook_log_days: int = Field(default=30, ge=1, le=3650)
    # Password hashes at once per process (threads beside the event loop), and how many more may
    # wait for one before a log-in or registration is answered 503 (docs/security.md).
    password_hashing_concurrency: int = Field(
        default_factory=lambda: max(1, (os.cpu_count() or 2) // 2), ge=1, le=64
    )
    password_hashing_queue: int = Field(default=32, ge=0, le=10_000)
    # CPUs the hashing threads may run on, as taskset writes them ("2-3", "1,3"); unset: any. On a
    # machine whose event loops are pinned, hashes kept off their cores cannot slow a vote.
    password_hashing_cpus: str | None = Field(default=None, max_length=200)
    # The argon2id cost of a password hash: memory in KiB, passes, lanes. The defaults are RFC 9106's
    # low-memory profile (64 MiB, 3 passes, 4 lanes; ~180 ms of a core); a small machine may go as
    # low as OWASP's floor (memory x passes >= 7 MiB x 5, e.g. 19456 KiB x 2), never below it.
    password_hash_memory_kib: int = Field(default=65536, ge=7168, le=4_194_304)
    password_hash_passes: int = Field(default=3, ge=1, le=16)
    password_hash_lanes: int = Field(default=4, ge=1, le=16)
    # Privacy and abuse (docs/security.md): delete participant data and free text of rooms that
    # ended more than this many days ago (unset: keep), how often the privacy sweep runs, and how
    # many rate-limited requests a minute make the presenter's flood warning show.
    retention_days: int | None = Field(default=None, ge=1, le=36500)
    privacy_sweep_seconds: float = Field(default=60.0, gt=0, le=86400)
    # Audit-log entries older than this many days are deleted by the same sweep (and by
    # `poll-service purge`): a year covers an annual review of who did what.
    audit_retention_days: int = Field(default=365, ge=1, le=36500)
    # Changes an administrator may make a minute (admin/): a script gone wrong stops here.
    admin_actions_per_minute: int = Field(default=120, ge=1)
    flood_warning_per_minute: int = Field(default=50, ge=1)

    # A venue can put thousands of phones behind one address; this only stops a single abuser.
    sockets_per_ip: int = Field(default=5000, ge=1)
    # Slow clients (http_protocol.py): a request's headers must arrive within this many seconds,
    # its body within this many after them; connections one address may hold open in a worker.
    header_timeout_s: float = Field(default=10.0, gt=0, le=300)
    body_timeout_s: float = Field(default=30.0, gt=0, le=3600)
    connections_per_ip: int = Field(default=5000, ge=1)
    # Open pages (sockets) per participant on one worker: a few tabs of one phone.
    sockets_per_participant: int = Field(default=5, ge=1, le=1000)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # Images organisers upload (media/, docs/media.md): the largest upload, the most pixels a
    # picture may decode to (a decompression bomb is refused before it is decoded), what one
    # organiser may store in all, and uploads per organiser a minute.
    media_max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024)
    media_max_pixels: int = Field(default=30_000_000, ge=10_000, le=200_000_000)
    media_quota_bytes: int = Field(default=200 * 1024 * 1024, ge=0)
    media_uploads_per_minute: int = Field(default=20, ge=1)
    # A talk's PDF made into page slides (media/pdf_pages.py): the largest PDF, the most pages,
    # and how long one may take to render (in a child process) before it is given up.
    pdf_deck_max_upload_bytes: int = Field(default=50 * 1024 * 1024, ge=1024, le=500 * 1024 * 1024)
    pdf_deck_max_pages: int = Field(default=200, ge=1, le=200)
    pdf_deck_render_seconds: float = Field(default=120.0, gt=0, le=3600)
    # A deck document with its images embedded (decks/deck_media.py, docs/reuse.md): the largest
    # import body. Each image is still held to media_max_upload_bytes and the importer's quota.
    deck_import_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    vote_batch_max: int = Field(default=500, ge=1, le=10000)
    # The least time between the starts of two commits of the vote (and join) writer while votes
    # keep coming: a vote after a quiet spell is written at once, a stream is gathered into
    # batches. Each commit costs ~200 µs of CPU on SQLite (its sync, locks, the thread hand-off)
    # however few votes it carries; 0 commits as soon as the previous one is done.
    vote_commit_interval_ms: float = Field(default=5.0, ge=0, le=100)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> "Settings":
        if self.environment == "production":
            if not self.secret_key or len(self.secret_key) < 32:
                raise ValueError("POLL_SECRET_KEY must be set to at least 32 characters in production")
            if not self.public_url:
                raise ValueError("POLL_PUBLIC_URL must be set in production")
        if self.locale_dir is not None:
            from poll_service.i18n import catalogues  # a broken catalogue stops the start

            if not self.locale_dir.is_dir():
                raise ValueError(f"POLL_LOCALE_DIR {self.locale_dir} is not a folder")
            catalogues(self.locale_dir)
        if self.profanity_list_path is not None and not Path(self.profanity_list_path).is_file():
            raise ValueError(f"POLL_PROFANITY_LIST_PATH {self.profanity_list_path!r} is not a readable file")
        if self.secret_key is not None and len(self.secret_key) < MIN_SECRET:
            raise ValueError(f"POLL_SECRET_KEY is too short (at least {MIN_SECRET} characters)")
        if self.password_hash_memory_kib * self.password_hash_passes < MIN_HASH_WORK_KIB:
            raise ValueError(
                "POLL_PASSWORD_HASH_MEMORY_KIB x POLL_PASSWORD_HASH_PASSES is below OWASP's floor for"
                f" argon2id ({MIN_HASH_WORK_KIB} KiB, e.g. 19456 x 2)"
            )
        if self.password_hashing_cpus is not None:
            try:
                self.hashing_cpus()
            except ValueError as exc:
                raise ValueError(f"POLL_PASSWORD_HASHING_CPUS: {exc}") from None
        self._check_single_sign_on()
        if self.smtp_url is not None and not self.smtp_url.startswith(("smtp://", "smtps://")):
            raise ValueError("POLL_SMTP_URL must start with smtp:// or smtps://")
        try:
            check_zone(self.time_zone)
        except ValueError as exc:
            raise ValueError(f"POLL_TIME_ZONE: {exc}") from None
        if self.public_url is not None:
            if not self.public_url.startswith(("http://", "https://")):
                raise ValueError("POLL_PUBLIC_URL must start with http:// or https://")
            self.public_url = self.public_url.rstrip("/")
        return self

    def _check_single_sign_on(self) -> None:
        if self.oidc_issuer is not None:
            if not self.oidc_issuer.startswith(("http://", "https://")):
                raise ValueError("POLL_OIDC_ISSUER must start with https:// (or http:// for a local test)")
            if not self.oidc_client_id:
                raise ValueError("POLL_OIDC_CLIENT_ID must be set with POLL_OIDC_ISSUER")
            if "openid" not in self.oidc_scopes:
                raise ValueError("POLL_OIDC_SCOPES must include openid")
            self.oidc_allowed_domains = [d.strip().lower().lstrip("@") for d in self.oidc_allowed_domains]
        elif not self.password_login:
            # Nobody could log in at all.
            raise ValueError("POLL_PASSWORD_LOGIN=false needs single sign-on (POLL_OIDC_ISSUER)")

    def hashing_cpus(self) -> frozenset[int] | None:
        """POLL_PASSWORD_HASHING_CPUS as a set of CPUs (None: any). They may lie outside the
        worker's own pinning (taskset): keeping hashes off the worker's core is the point."""
        if self.password_hashing_cpus is None:
            return None
        cpus = parse_cpu_list(self.password_hashing_cpus)
        machine = set(range(os.cpu_count() or 1))
        if not cpus <= machine:
            raise ValueError(f"this machine has no CPU {', '.join(map(str, sorted(cpus - machine)))}")
        return frozenset(cpus)

    @property
    def default_registration(self) -> Literal["open", "invitation", "closed"]:
        if self.registration is not None:
            return self.registration
        return "open" if self.allow_registration else "closed"

    @property
    def single_sign_on(self) -> bool:
        return self.oidc_issuer is not None

    @cached_property
    def secret(self) -> str:
        """The signing key; in development a random one is kept in a file so restarts keep tokens."""
        if self.secret_key is not None:
            return self.secret_key
        return kept_secret(Path(_DEV_SECRET_FILE))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return bool(self.public_url and self.public_url.startswith("https://"))
