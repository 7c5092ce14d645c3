"""Metrics, targets, the printed table and the JSON lines."""

from __future__ import annotations

import math
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import orjson

Op = Literal["<=", ">=", "==", "within"]


@dataclass(frozen=True)
class Target:
    """value `op` bound; with `rel`, also value <= / >= rel x the baseline's figure."""

    op: Op
    bound: float | None = None
    upper: float | None = None  # "within": bound <= value <= upper
    rel: float | None = None
    correctness: bool = False  # a broken contract rule, not a slow figure

    def describe(self, unit: str) -> str:
        u = f" {unit}" if unit else ""
        parts = []
        if self.op == "within":
            parts.append(f"{_fmt(self.bound)}..{_fmt(self.upper)}{u}")
        elif self.bound is not None:
            parts.append(f"{self.op} {_fmt(self.bound)}{u}")
        if self.rel is not None:
            parts.append(f"{self.op} {self.rel:g}x base")
        return " & ".join(parts)

    def check(self, value: float, baseline: float | None) -> bool:
        ok = True
        if self.op == "within":
            assert self.bound is not None and self.upper is not None
            ok = self.bound <= value <= self.upper
        elif self.bound is not None:
            ok = _compare(self.op, value, self.bound)
        if self.rel is not None and baseline is not None:
            ok = ok and _compare(self.op, value, self.rel * baseline)
        return ok


def _compare(op: Op, value: float, bound: float) -> bool:
    if op == "<=":
        return value <= bound
    if op == ">=":
        return value >= bound
    return math.isclose(value, bound)


@dataclass
class Metric:
    name: str
    value: float | None
    unit: str = ""
    target: Target | None = None
    note: str = ""


@dataclass
class ScenarioResult:
    scenario: str
    server: str  # "baseline" or "service"
    metrics: list[Metric] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def get(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)


Verdict = Literal["PASS", "FAIL", "info"]


def verdict(m: Metric, baseline: Metric | None) -> Verdict:
    if m.target is None:
        return "info"
    if m.target.bound is None and (baseline is None or baseline.value is None):
        return "info"  # a purely relative target with no baseline in this run
    if m.value is None or math.isnan(m.value):
        return "FAIL"
    return "PASS" if m.target.check(m.value, baseline.value if baseline else None) else "FAIL"


def ratio(m: Metric, baseline: Metric | None) -> float | None:
    if baseline is None or baseline.value is None or m.value is None or baseline.value == 0:
        return None
    return m.value / baseline.value


def _fmt(v: float | None) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    a = abs(v)
    if a >= 1000 or v == int(v):
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def _pair(
    results: Sequence[ScenarioResult],
) -> list[tuple[ScenarioResult, ScenarioResult | None]]:
    """Each primary result (the service when it ran, else the baseline) with its baseline."""
    base = {r.scenario: r for r in results if r.server == "baseline"}
    primary = [r for r in results if r.server != "baseline"] or list(base.values())
    return [(r, base.get(r.scenario) if r.server != "baseline" else None) for r in primary]


# The PostgreSQL topology's own targets, against the SQLite path measured in the same run (issue:
# the production path as fast as the embedded one).
PG_VS_SQLITE: dict[tuple[str, str], Target] = {
    ("http-votes", "server cpu per vote"): Target("<=", rel=1.2),
    ("http-votes", "durable votes"): Target(">=", rel=0.8),
}
SQLITE, POSTGRES = "service", "service-pg"


def _columns(rows: list[tuple[str, ...]], header: tuple[str, ...], notes: list[str]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "-" * len(line)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    out += [f"  note: {n}" for n in notes]
    return "\n".join(out)


def pg_vs_sqlite(results: Sequence[ScenarioResult]) -> list[tuple[str, Metric, Metric]]:
    """(scenario, PostgreSQL metric with its PG_VS_SQLITE target, SQLite metric) for each pair."""
    by = {(r.server, r.scenario): r for r in results}
    out = []
    for (scenario, name), target in PG_VS_SQLITE.items():
        pg, lite = by.get((POSTGRES, scenario)), by.get((SQLITE, scenario))
        m, b = (pg.get(name) if pg else None), (lite.get(name) if lite else None)
        if m is not None and b is not None:
            out.append((scenario, Metric(m.name, m.value, m.unit, target), b))
    return out


def _cell(m: Metric | None) -> str:
    return f"{_fmt(m.value)} {m.unit}".strip() if m else "-"


def _ratio_cell(m: Metric | None, b: Metric | None) -> str:
    r = ratio(m, b) if m else None
    return f"{r:.2f}" if r is not None else "-"


def side_by_side(results: Sequence[ScenarioResult]) -> str:
    """SQLite and PostgreSQL columns beside the baseline's, one row per metric."""
    header = (
        *("scenario", "metric", "sqlite", "postgres", "baseline", "sq/base", "pg/base", "pg/sq"),
        *("target", "sqlite", "postgres"),
    )
    by = {(r.server, r.scenario): r for r in results}
    cross = {(scenario, m.name): m for scenario, m, _ in pg_vs_sqlite(results)}
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for scenario in dict.fromkeys(r.scenario for r in results):
        lite, pg, base = (
            by.get((SQLITE, scenario)),
            by.get((POSTGRES, scenario)),
            by.get(("baseline", scenario)),
        )
        for res in (lite, pg):
            if res is not None and res.error:
                rows.append((scenario, f"error ({res.server}): {res.error[:50]}", *[""] * 8, "FAIL"))
                notes.append(f"{res.server}/{scenario}: {res.error}")
        names = [m.name for r in (lite, pg, base) if r for m in r.metrics]
        for name in dict.fromkeys(names):
            m_lite, m_pg = (lite.get(name) if lite else None), (pg.get(name) if pg else None)
            b = base.get(name) if base else None
            shown = m_lite or m_pg or b
            assert shown is not None
            verdicts = [verdict(m, b) if m else "-" for m in (m_lite, m_pg)]
            target = shown.target.describe(shown.unit) if shown.target else ""
            if (scenario, name) in cross:
                extra = cross[(scenario, name)]
                verdicts[1] += f", {verdict(extra, m_lite)} vs sqlite"
                if extra.target is not None:
                    target += f"; pg {extra.target.op} {extra.target.rel:g}x sqlite"
            rows.append(
                (
                    scenario,
                    name,
                    _cell(m_lite),
                    _cell(m_pg),
                    _cell(b),
                    _ratio_cell(m_lite, b),
                    _ratio_cell(m_pg, b),
                    _ratio_cell(m_pg, m_lite),
                    target,
                    *verdicts,
                )
            )
    return _columns(rows, header, notes)


def table(results: Sequence[ScenarioResult]) -> str:
    if {r.server for r in results} >= {SQLITE, POSTGRES}:
        return side_by_side(results)
    header = ("scenario", "metric", "value", "baseline", "ratio", "target", "result")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for res, base in _pair(results):
        if res.error:
            rows.append((res.scenario, "error: " + res.error[:60], "", "", "", "", "FAIL"))
            notes.append(f"{res.scenario}: {res.error}")
        metrics = res.metrics
        if res.error and base is not None:  # still show what the baseline measured
            known = {m.name for m in metrics}
            metrics = metrics + [
                Metric(b.name, None, b.unit, b.target) for b in base.metrics if b.name not in known
            ]
        for m in metrics:
            b = base.get(m.name) if base else None
            v = verdict(m, b)
            shown: str = v
            if b is not None and verdict(b, None) == "FAIL":
                shown += " (base FAIL)"
            if m.target is not None and m.target.correctness and v == "FAIL":
                shown += " [contract]"
            r = ratio(m, b)
            if m.note and v == "FAIL":
                notes.append(f"{res.scenario} / {m.name}: {m.note}")
            rows.append(
                (
                    res.scenario,
                    m.name,
                    f"{_fmt(m.value)} {m.unit}".strip(),
                    f"{_fmt(b.value)} {b.unit}".strip() if b else "-",
                    f"{r:.2f}" if r is not None else "-",
                    m.target.describe(m.unit) if m.target else "",
                    shown,
                )
            )
    return _columns(rows, header, notes)


def json_lines(results: Sequence[ScenarioResult], env: dict[str, Any]) -> list[str]:
    base = {r.scenario: r for r in results if r.server == "baseline"}
    lines = []
    for res in results:
        ref = base.get(res.scenario) if res.server != "baseline" else None
        metrics = {}
        for m in res.metrics:
            b = ref.get(m.name) if ref else None
            metrics[m.name] = {
                "value": m.value,
                "unit": m.unit,
                "target": m.target.describe(m.unit) if m.target else None,
                "correctness": bool(m.target and m.target.correctness),
                "baseline": b.value if b else None,
                "ratio": ratio(m, b),
                "result": verdict(m, b),
                **({"note": m.note} if m.note else {}),
            }
        passed = res.error is None and all(v["result"] != "FAIL" for v in metrics.values())
        lines.append(
            orjson.dumps(
                {
                    "scenario": res.scenario,
                    "server": res.server,
                    "passed": passed,
                    "error": res.error,
                    "params": res.params,
                    "metrics": metrics,
                    "env": env,
                }
            ).decode()
        )
    return lines


def failures(results: Sequence[ScenarioResult], correctness_only: bool) -> list[str]:
    out = []
    for res, base in _pair(results):
        if res.error:
            out.append(f"{res.server}/{res.scenario}: {res.error}")
        for m in res.metrics:
            if correctness_only and not (m.target and m.target.correctness):
                continue
            if verdict(m, base.get(m.name) if base else None) == "FAIL":
                out.append(f"{res.server}/{res.scenario}: {m.name} = {_fmt(m.value)} {m.unit}")
    if not correctness_only:
        for scenario, m, lite in pg_vs_sqlite(results):
            if verdict(m, lite) == "FAIL":
                out.append(f"{POSTGRES}/{scenario}: {m.name} = {ratio(m, lite):.2f} x the SQLite path")
    return out


_PACKAGES = (
    "poll-service",
    "fastapi",
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "websockets",
    "orjson",
    "pydantic",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "redis",
    "httpx",
)


def _run(argv: list[str], cwd: Path | None = None, any_status: bool = False) -> str:
    try:
        out = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    ok = out.returncode == 0 or any_status
    return (out.stdout or out.stderr).strip() if ok else ""


def environment(repo: Path) -> dict[str, Any]:
    versions: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    wrk = _run(["wrk", "-v"], any_status=True).splitlines()  # `wrk -v` exits 1
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "packages": versions,
        "wrk": wrk[0].split(" [")[0] if wrk else None,
        "git_rev": _run(["git", "rev-parse", "HEAD"], repo) or "unknown",
        "git_dirty": bool(_run(["git", "status", "--porcelain"], repo)),
        "cpu_model": cpu,
        "cpus": os.cpu_count(),
        "kernel": platform.release(),
    }
