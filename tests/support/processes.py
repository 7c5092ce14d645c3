"""Real processes for the fault tests: `poll-service serve` workers and a private redis-server.

Each is a subprocess of its own, so a test can SIGKILL it (a crash) or SIGTERM it (a deploy) and
start it again on the same port. The private Redis never touches the machine's shared one on 6379.
"""

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent.parent
SECRET = "a-shared-secret-key-for-the-fault-tests-0123456789"


def service_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")}
    env["PYTHONPATH"] = str(REPO)  # this checkout's code, whatever is installed
    env["POLL_SECRET_KEY"] = SECRET
    env["POLL_REGISTRATIONS_PER_IP_PER_HOUR"] = env["POLL_REGISTRATIONS_PER_MINUTE"] = "100000"
    # argon2id at OWASP's floor, as tests/conftest.make_settings does.
    env["POLL_PASSWORD_HASH_MEMORY_KIB"], env["POLL_PASSWORD_HASH_PASSES"] = "19456", "2"
    env["POLL_PASSWORD_HASH_LANES"] = "1"
    env.update(values)
    return env


class ServiceProcess:
    """One `poll-service serve` worker on a fixed port; restartable after a kill."""

    def __init__(self, cwd: Path, env: dict[str, str], port: int | None = None) -> None:
        self.cwd = cwd
        self.env = env
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = cwd / f"serve-{self.port}.log"
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.starts += 1
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "poll_service",
                    "serve",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "info",
                ],
                cwd=self.cwd,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    async def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=1.0) as http:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    raise AssertionError(f"serve exited early:\n{self.tail()}")
                try:
                    if (await http.get(f"{self.url}/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"serve did not become ready:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a machine or container dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM: uvicorn's graceful shutdown. Returns the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        self.kill()


class PrivateRedis:
    """A redis-server of this test's own on a free port (the machine's Redis on 6379 is shared)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket

                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise AssertionError("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
