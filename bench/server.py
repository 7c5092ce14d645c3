"""Start a server under test as a pinned subprocess and read its CPU, memory and sockets.

Figures come from /proc for the whole process tree (uvicorn with several workers runs a
supervisor plus children), so one worker and two workers are measured the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))


def pin_self(cpu: int) -> bool:
    """Pin the load generator (this process and what it spawns later) to one core."""
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return False
    return True


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def process_tree(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def cpu_seconds(pids: Sequence[int]) -> float:
    """CPU time of the given processes, all their threads, in seconds.

    /proc/PID/task/TID/schedstat counts nanoseconds; /proc/PID/stat only 10 ms ticks, too coarse
    for a smoke run's few thousand messages. The latter stays as a fallback.
    """
    total = 0.0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        ns = 0
        try:
            for tid in tids:
                with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                    ns += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
            total += ns / 1e9
        except OSError:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    return total


def rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    return total


def socket_fds(pid: int) -> int:
    n = 0
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                    n += 1
    return n


@dataclass
class Server:
    """One server process (group) under test."""

    name: str
    argv: list[str]
    env: Mapping[str, str]
    cwd: Path
    port: int
    cpus: set[int] | None = None
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.cwd / f"{self.name}.log"

    def start(self, ready_timeout: float = 60.0) -> None:
        argv = list(self.argv)
        if self.cpus is not None and shutil.which("taskset"):
            argv = ["taskset", "-c", ",".join(map(str, sorted(self.cpus))), *argv]
        with self.log_path.open("wb") as log:
            # A new session: stop() signals exactly this group, nothing else.
            self.proc = subprocess.Popen(
                argv,
                cwd=self.cwd,
                env=dict(self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(ready_timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            if health_status(self.port) == 200:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s:\n{self.log_tail()}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def pids(self) -> list[int]:
        return process_tree(self.pid)

    def workers(self) -> list[int]:
        """The processes that hold client sockets: the children when there are any."""
        tree = self.pids()
        return tree[1:] if len(tree) > 1 else tree

    def cpu(self) -> float:
        return cpu_seconds(self.pids())

    def rss(self) -> int:
        return rss_bytes(self.pids())

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)


def health_status(port: int, timeout: float = 1.0) -> int:
    """Status of GET /health, 0 when nothing answers (a plain socket: no client library)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = s.recv(64)
    except OSError:
        return 0
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def python() -> str:
    return sys.executable
