import statistics
from typing import Any

from fastapi import APIRouter

from poll_service.deps import ContextDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(context: ContextDep) -> dict[str, Any]:
    """ok, or degraded when the database or the hub cannot be reached (voting never needs Redis)."""
    database_ok = await context.database_probe.reachable(context.engine)
    lags = sorted(context.clock.loop_lag_ms)
    return {
        "status": "ok" if database_ok and context.hub.healthy else "degraded",
        "database": "ok" if database_ok else "unreachable",
        "hub": ("redis" if context.settings.redis_url else "memory")
        + ("" if context.hub.healthy else " (unreachable)"),
        "loop_lag_ms_p99": round(lags[int(len(lags) * 0.99)] if lags else 0.0, 2),
        "loop_lag_ms_median": round(statistics.median(lags), 2) if lags else 0.0,
        "votes_written": context.writer.votes,
        "vote_batches": context.writer.batches,
    }
