"""python -m bench: start the server(s), run the scenarios, print a table and JSON lines.

Each scenario runs against the bare baseline first and then the service, each on a freshly
started server pinned to CPU 0, with every load generator in this process (or wrk) pinned to
CPU 1, so the figures and their ratios come from the same machine state (DESIGN.md: noise is
+/-15-20 % run to run; only same-run ratios mean much).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import report, scenarios
from bench.placement import servers_on
from bench.rawws import raise_fd_limit
from bench.report import ScenarioResult
from bench.server import Server, cpu_count, free_port, pin_self, python

REPO = Path(__file__).resolve().parent.parent
SERVER_CPU, LOADGEN_CPU = 0, 1
SERVICE_PG = "service-pg"  # the service on PostgreSQL + Redis, beside "service" on SQLite


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--smoke", action="store_true", help="small sizes, under a minute for both targets (CI)")
    p.add_argument(
        "--target",
        choices=["baseline", "service", "both"],
        default="both",
        help="what to run (default both; baseline only if poll_service is missing)",
    )
    p.add_argument(
        "--scenario",
        action="append",
        choices=sorted(scenarios.SCENARIOS),
        help="run only this scenario (repeatable; default all)",
    )
    p.add_argument(
        "--scale-out",
        action="store_true",
        help="service on PostgreSQL + Redis with two workers: correctness only",
    )
    p.add_argument(
        "--database",
        choices=["sqlite", "postgres", "both"],
        default="sqlite",
        help="the service's topology: the embedded SQLite default, PostgreSQL + Redis (one worker,"
        " pinned like the default; PostgreSQL and Redis on the load generators' CPU), or both side"
        " by side in one run",
    )
    p.add_argument("--capacity-max", type=int, help="capacity: most sockets in the room (default 30,000)")
    p.add_argument("--capacity-step", type=int, help="capacity: sockets added per step (default 2,500)")
    p.add_argument("--workers", type=int, help="service workers (default 1, 2 with --scale-out)")
    p.add_argument(
        "--database-url",
        default=os.environ.get("POLL_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
        help="--scale-out / --database postgres: PostgreSQL server to create scratch databases on",
    )
    p.add_argument("--redis-url", default=os.environ.get("POLL_REDIS_URL", "redis://127.0.0.1:6379/0"))
    p.add_argument(
        "--push-every-vote",
        action="store_true",
        help="configure both servers to push on every vote (must FAIL)",
    )
    p.add_argument("--tick-hz", type=float, default=10.0, help="configured results push rate")
    p.add_argument(
        "--service-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the service (repeatable)",
    )
    p.add_argument("--no-wrk", action="store_true", help="HTTP votes from asyncio, not wrk")
    p.add_argument("--json-out", type=Path, help="also write the JSON lines to this file")
    p.add_argument(
        "--fail-on",
        choices=["any", "contract", "none"],
        default="any",
        help="exit 1 on any FAIL (default), on contract/correctness FAILs only, or never",
    )
    p.add_argument(
        "--expect-fail",
        action="store_true",
        help="exit 0 only if a contract check FAILs (with --push-every-vote)",
    )
    p.add_argument("--keep-workdir", action="store_true")
    return p


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def service_available() -> bool:
    env = {**os.environ, "PYTHONPATH": _pythonpath()}
    done = subprocess.run(
        [python(), "-c", "import poll_service.app"], env=env, cwd=REPO, capture_output=True, timeout=60
    )
    return done.returncode == 0


def _pythonpath() -> str:
    old = os.environ.get("PYTHONPATH")
    return f"{REPO}{os.pathsep}{old}" if old else str(REPO)


def _clean_env() -> dict[str, str]:
    """Our environment minus any POLL_ / BENCH_ settings, so only what the bench sets applies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLL_", "BENCH_"))}
    env["PYTHONPATH"] = _pythonpath()
    return env


class Plan:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.pinned = cpu_count() >= 2 and not args.scale_out
        self.workers = args.workers or (2 if args.scale_out else 1)
        self.db_url: str | None = None
        self._n = 0

    def server(self, target: str, scenario: str, db_url: str | None = None) -> Server:
        self._n += 1
        port = free_port()
        cwd = self.workdir / f"{self._n:02d}-{target}-{scenario}"
        cwd.mkdir()
        cpus = {SERVER_CPU} if self.pinned else None
        if target == "baseline":
            kind = "fastapi" if scenario == "http-votes" else "asgi"
            env = _clean_env() | {"BENCH_TICK_HZ": str(self.args.tick_hz)}
            if self.args.push_every_vote:
                env["BENCH_PUSH_EVERY_VOTE"] = "1"
            argv = [python(), "-m", "bench.baseline_app", "--port", str(port), "--kind", kind]
            return Server("baseline", argv, env, cwd, port, cpus)
        env = _clean_env() | {
            "POLL_DATABASE_URL": db_url or self.db_url or f"sqlite+aiosqlite:///{cwd / 'bench.db'}",
            "POLL_SECRET_KEY": secrets.token_urlsafe(48),
            "POLL_ALLOW_REGISTRATION": "true",
            "POLL_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "POLL_RESULTS_PUSH_HZ": str(self.args.tick_hz),
            # One address joins thousands of participants here: lift the per-address join limit
            # (the contract's floor is 500/min; the bench needs >= 1,000/s) ...
            "POLL_JOINS_PER_IP_PER_MINUTE": "10000000",
            # ... and holds 10,000 sockets from that one address (the large room); the auth storm
            # stands for a crowd of addresses, so its registrations and log-ins all reach the hasher.
            "POLL_SOCKETS_PER_IP": "1000000",
            "POLL_REGISTRATIONS_PER_IP_PER_HOUR": "10000000",
            "POLL_REGISTRATIONS_PER_MINUTE": "10000000",
            "POLL_LOGINS_PER_MINUTE": "10000000",
        }
        if self.pinned and self.workers == 1:
            # As a deployment that pins its event loops keeps password hashing off their cores
            # (docs/deployment.md): the hashes of the auth storm run beside the load generator.
            env["POLL_PASSWORD_HASHING_CPUS"] = str(LOADGEN_CPU)
        if self.args.scale_out or target == SERVICE_PG:
            env["POLL_REDIS_URL"] = self.args.redis_url
        if self.args.push_every_vote:
            env["POLL_PUSH_EVERY_VOTE"] = "true"
        for item in self.args.service_env:
            key, _, value = item.partition("=")
            env[key] = value
        argv = [
            python(),
            "-m",
            "poll_service",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(self.workers),
        ]
        cpus = cpus if self.workers == 1 else None
        return Server(target, argv, env, cwd, port, cpus)


async def _scratch_database(url: str) -> tuple[str, str]:
    """Create an empty PostgreSQL database next to `url`'s; return (its URL, its name)."""
    import asyncpg  # type: ignore[import-untyped, unused-ignore]

    parts = urlsplit(url)
    name = f"poll_bench_{secrets.token_hex(4)}"
    admin = urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, "")), name


async def _drop_database(url: str, name: str) -> None:
    import asyncpg  # type: ignore[import-untyped, unused-ignore]

    parts = urlsplit(url)
    conn = await asyncpg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def run_all(plan: Plan, targets: Sequence[str], names: Sequence[str]) -> list[ScenarioResult]:
    args = plan.args
    sizes = scenarios.SMOKE if args.smoke else scenarios.FULL
    if args.capacity_max is not None:
        sizes = dataclasses.replace(sizes, capacity_max=args.capacity_max)
    if args.capacity_step is not None:
        sizes = dataclasses.replace(sizes, capacity_step=args.capacity_step)
    use_wrk = not args.no_wrk and shutil.which("wrk") is not None
    if not args.no_wrk and not use_wrk:
        log("wrk not found (apt-get install wrk): HTTP votes come from asyncio instead")
    limit = 90.0 if args.smoke else 600.0
    results: list[ScenarioResult] = []
    for name in names:
        for target in targets:
            scratch = await _scratch_database(args.database_url) if target == SERVICE_PG else None
            server = plan.server(target, name, scratch[0] if scratch else None)
            started = time.monotonic()
            log(f"{name} / {target}: starting {' '.join(server.argv[1:4])} ...")
            try:
                await asyncio.to_thread(server.start)
            except RuntimeError as exc:
                results.append(ScenarioResult(name, target, error=str(exc).splitlines()[0]))
                log(str(exc))
                continue
            ctx = scenarios.Ctx(
                server=server,
                sizes=sizes,
                tick_hz=args.tick_hz,
                perf_targets=not args.scale_out,
                workdir=server.cwd,
                wrk_cpu=LOADGEN_CPU if plan.pinned else None,
                use_wrk=use_wrk,
            )
            res = ScenarioResult(name, target)
            budget = asyncio.timeout(limit)
            try:
                async with budget:
                    await scenarios.SCENARIOS[name](ctx, res)
            except Exception as exc:  # any failure becomes a FAIL row, never a crash
                why = f"{type(exc).__name__}: {exc}"
                res.error = f"scenario exceeded {limit:.0f}s" if budget.expired() else why[:300]
                log(f"{name} / {target} failed: {res.error}\n{server.log_tail(15)}")
            finally:
                await asyncio.to_thread(server.stop)
                if scratch is not None:
                    await _drop_database(args.database_url, scratch[1])
            res.params |= {
                "workers": plan.workers if target == "service" else 1,
                "pinned": plan.pinned,
                "smoke": args.smoke,
                "push_every_vote": args.push_every_vote,
                "database": _database_of(plan, target),
            }
            results.append(res)
            log(f"{name} / {target}: done in {time.monotonic() - started:.1f}s")
    return results


def _database_of(plan: Plan, target: str) -> str:
    if target == "baseline":
        return "none"
    return "postgresql" if plan.db_url or target == SERVICE_PG else "sqlite"


def _targets(args: argparse.Namespace) -> list[str]:
    if args.scale_out:
        return ["service"]  # the bare baseline has no Redis: nothing to compare across workers
    services = {"sqlite": ["service"], "postgres": [SERVICE_PG], "both": ["service", SERVICE_PG]}
    by_target = {"baseline": ["baseline"], "service": services[args.database]}
    by_target["both"] = by_target["baseline"] + by_target["service"]
    return by_target[args.target]


def _dump_tasks() -> None:
    for task in asyncio.all_tasks():
        task.print_stack(limit=8, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = args.scenario or list(scenarios.SCENARIOS)
    targets = _targets(args)
    if targets != ["baseline"] and not service_available():
        if args.target == "service" or args.scale_out:
            log("poll_service.app cannot be imported")
            return 2
        log("poll_service.app cannot be imported: running the baseline only")
        targets = ["baseline"]

    raise_fd_limit()  # inherited by the servers too: 10k sockets need 10k descriptors each
    workdir = Path(tempfile.mkdtemp(prefix="poll-bench-"))
    plan = Plan(args, workdir)
    if plan.pinned:
        pin_self(LOADGEN_CPU)
    else:
        log("fewer than 2 CPUs or --scale-out: nothing pinned")
    env = report.environment(REPO)
    env["mode"] = "smoke" if args.smoke else "full"

    async def go() -> list[ScenarioResult]:
        # `kill -USR1 <bench pid>` prints every task's stack: what a stuck phase waits on.
        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, _dump_tasks)
        db_name = None
        if args.scale_out:
            plan.db_url, db_name = await _scratch_database(args.database_url)
            log(f"scratch database {db_name}, redis {args.redis_url}")
        placement = (
            servers_on({LOADGEN_CPU}, log)
            if plan.pinned and SERVICE_PG in targets
            else contextlib.nullcontext(0)
        )
        try:
            with placement as moved:
                if moved:
                    log(f"PostgreSQL and Redis ({moved} threads) on CPU {LOADGEN_CPU} for the run")
                return await run_all(plan, targets, names)
        finally:
            if db_name is not None:
                await _drop_database(args.database_url, db_name)

    try:
        import uvloop

        results = uvloop.run(go())
    except ImportError:
        results = asyncio.run(go())
    finally:
        if not args.keep_workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    print(report.table(results))
    lines = report.json_lines(results, env)
    for line in lines:
        print(line)
    if args.json_out:
        args.json_out.write_text("\n".join(lines) + "\n")

    contract = report.failures(results, correctness_only=True)
    if args.expect_fail:
        if contract:
            log(f"failed as expected: {contract[0]}")
            return 0
        log("expected a contract FAIL (e.g. --push-every-vote) and saw none")
        return 1
    fails = report.failures(results, correctness_only=args.fail_on == "contract")
    for f in fails:
        log(f"FAIL {f}")
    return 1 if fails and args.fail_on != "none" else 0
