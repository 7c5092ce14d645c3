"""A real OpenID provider for the single sign-on tests: tests/oidc_provider/provider.mjs (panva's
certified oidc-provider on Node), its packages installed by `npm ci` the first time (or when the
lock file changed), then started on a free port. Its own login form takes any password: the
account is the login name (one of USERS)."""

import json
import os
import selectors
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
CLIENT_ID = "poll-service"
TAMPERED_CLIENT_ID = "poll-tampered"  # its ID tokens get a changed payload (provider.mjs)
CLIENT_SECRET = "test-client-secret-that-is-long-enough"
ORGANISERS = "poll-organisers"
MIN_NODE = 20
DOMAIN = "example.org"


def _person(email: str, name: str, groups: list[str], verified: bool = True) -> dict[str, object]:
    return {"email": email, "email_verified": verified, "name": name, "groups": groups}


# Login name -> the claims the provider holds for that person.
USERS = {
    "ada": _person("ada@example.org", "Ada Lovelace", [ORGANISERS]),  # may sign in
    "eve": _person("eve@elsewhere.test", "Eve", [ORGANISERS]),  # another domain
    "bob": _person("bob@example.org", "Bob", ["students"]),  # not in the group
    "una": _person("una@example.org", "Una", [ORGANISERS], verified=False),
    "grace": _person("grace@example.org", "Grace H", [ORGANISERS]),  # has a local account too
    "grace2": _person("grace@example.org", "Grace N", [ORGANISERS]),  # got Grace's address later
}


@dataclass
class Provider:
    issuer: str
    app_port: int  # the port the app must run on: its callback is registered with the provider

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.app_port}"


def install() -> None:
    """`npm ci` into the git-ignored tests/oidc_provider/node_modules, once per lock file."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed for the OpenID provider (apt-get install nodejs npm)")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < MIN_NODE:
        pytest.skip(f"oidc-provider needs Node {MIN_NODE} or later (this is {version.strip()})")
    marker = PROVIDER_DIR / "node_modules" / ".package-lock.json"
    lock = PROVIDER_DIR / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--silent"],
        cwd=PROVIDER_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"npm ci for the OpenID provider failed:\n{done.stderr[-2000:]}")


def start(app_port: int) -> tuple[Provider, subprocess.Popen[bytes], Path]:
    """The provider, its process and its log (the caller stops the one and deletes the other)."""
    install()
    port = free_port()
    app = f"http://127.0.0.1:{app_port}"
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": f"{app}/auth/oidc/callback",
        "OIDC_POST_LOGOUT_URI": f"{app}/login",
        "OIDC_USERS": json.dumps(USERS),
        "NODE_NO_WARNINGS": "1",
    }
    # Its one line on stdout says where it listens, once it does; its warnings and errors go to a
    # file (a pipe nobody reads would fill up, and one left open is a warning when the run ends).
    log = Path(tempfile.mkstemp(prefix="oidc-provider-", suffix=".log")[1])
    with log.open("wb") as errors:
        process = subprocess.Popen(
            ["node", "provider.mjs"], cwd=PROVIDER_DIR, env=env, stdout=subprocess.PIPE, stderr=errors
        )
    assert process.stdout is not None
    # The pipe stays open while the provider runs (closed, a node process may stop at its end).
    with selectors.DefaultSelector() as waiting:
        waiting.register(process.stdout, selectors.EVENT_READ)
        # The line comes, or the output ends (the process died), or 30 s pass.
        line = process.stdout.readline().decode() if waiting.select(timeout=30) else ""
    if line.startswith("ready "):
        return Provider(line.split()[1], app_port), process, log
    process.kill()
    process.stdout.close()
    output = log.read_text()[-2000:]
    log.unlink()
    pytest.fail(f"the OpenID provider did not start:\n{output}")
