"""What every scenario gets: the server under test, the sizes, and small shared helpers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bench.report import Op, Target
from bench.server import Server

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Sizes:
    live_sockets: int
    live_rate: float  # votes/s
    live_seconds: float
    large_sockets: int
    large_pushes: int
    http_participants: int
    http_seconds: int
    http_connections: int
    storm_rate: float  # votes/s in each phase of the auth storm
    storm_seconds: float
    burst_players: int  # quiz burst: players joining one quiz room ...
    burst_join_seconds: float  # ... within this many seconds, then answering ...
    burst_answer_seconds: float  # ... within this many
    viewer_sample: int = 50  # viewers whose vote->screen latency is computed in full
    capacity_max: int = 30_000  # capacity: sockets in one room, at most ...
    capacity_step: int = 2_500  # ... added this many at a time ...
    capacity_pushes: int = 8  # ... with this many broadcasts timed at each step ...
    capacity_procs: int = 4  # ... from this many load generator processes


FULL = Sizes(1000, 2000, 8, 10_000, 10, 5000, 10, 64, 1000, 10, 1000, 10, 2)
SMOKE = Sizes(
    100,
    200,
    3,
    500,
    5,
    500,
    2,
    16,
    200,
    2,
    100,
    2,
    1,
    capacity_max=300,
    capacity_step=150,
    capacity_pushes=3,
    capacity_procs=2,
)


@dataclass
class Ctx:
    server: Server
    sizes: Sizes
    tick_hz: float
    perf_targets: bool  # False for the scale-out run: there only correctness is judged
    workdir: Path
    wrk_cpu: int | None
    use_wrk: bool

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log(self, msg: str) -> None:
        """Progress on stderr, so a long phase is visibly busy rather than hung."""
        print(f"[bench]   {self.server.name}: {msg}", file=sys.stderr, flush=True)

    def perf(self, target: Target) -> Target | None:
        return target if self.perf_targets else None


def ms(seconds: float) -> float:
    return seconds * 1000.0


def correct(op: Op = "==", bound: float = 0) -> Target:
    """A contract rule: judged in every mode, scale-out included."""
    return Target(op, bound, correctness=True)
