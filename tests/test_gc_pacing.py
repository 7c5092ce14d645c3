"""The collector pacer: no automatic full pass, survivors frozen, cycles reclaimed by a deep pass."""

import gc
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from poll_service.app import create_app
from poll_service.gc_pacing import FREEZE_AFTER_GEN1_PASSES, NEVER, GcPacer
from tests.conftest import make_settings, sqlite_url


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def cyclic_garbage() -> "weakref.ref[Node]":
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@dataclass
class Worker:
    quiet: bool = False


@pytest.fixture
def worker() -> Worker:
    return Worker()


@pytest.fixture
async def pacer(worker: Worker) -> AsyncIterator[GcPacer]:
    pacer = GcPacer(lambda: worker.quiet, deep_every_s=3600, quiet_deep_after_s=60)
    pacer.start()
    yield pacer
    await pacer.stop()


async def test_no_automatic_full_pass_while_running_and_thresholds_restored_after(pacer: GcPacer) -> None:
    assert gc.get_threshold()[2] == NEVER
    await pacer.stop()
    assert gc.get_threshold()[2] != NEVER


async def test_survivors_of_young_passes_are_frozen(pacer: GcPacer) -> None:
    kept = [Node() for _ in range(1000)]
    frozen_before = gc.get_freeze_count()
    for _ in range(FREEZE_AFTER_GEN1_PASSES):
        gc.collect(1)
    pacer.check(now=pacer.last_deep)
    assert gc.get_freeze_count() >= frozen_before + len(kept)


async def test_a_cycle_that_dies_frozen_waits_for_a_quiet_deep_pass(pacer: GcPacer, worker: Worker) -> None:
    holder = [Node()]
    dead = cyclic_garbage()
    holder.append(dead())  # type: ignore[arg-type]
    for _ in range(FREEZE_AFTER_GEN1_PASSES):
        gc.collect(1)
    pacer.check(now=pacer.last_deep)  # survivors frozen, the cycle with them
    holder.clear()
    gc.collect(1)
    assert dead() is not None, "young passes do not look at frozen objects"
    passes, since = pacer.deep_passes, pacer.last_deep
    pacer.check(now=since + 61)  # long enough, but the worker is busy
    assert dead() is not None and pacer.deep_passes == passes
    worker.quiet = True
    pacer.check(now=since + 62)
    assert pacer.deep_passes == passes + 1
    assert dead() is None


async def test_under_unbroken_load_a_deep_pass_still_comes(pacer: GcPacer) -> None:
    passes = pacer.deep_passes
    pacer.check(now=pacer.last_deep + 3601)
    assert pacer.deep_passes == passes + 1


@pytest.mark.parametrize("paced", [True, False])
async def test_a_served_app_paces_the_collector_unless_told_not_to(paced: bool, tmp_path: Path) -> None:
    """`POLL_GC_PACING` (on by default): a worker's app holds back automatic full passes while it
    runs and gives the thresholds back when it stops; off, CPython's own stay."""
    settings = make_settings(sqlite_url(tmp_path), gc_pacing=paced)
    before = gc.get_threshold()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        assert (gc.get_threshold()[2] == NEVER) is paced
    assert gc.get_threshold() == before
