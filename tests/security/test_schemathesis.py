"""schemathesis against the OpenAPI document of a running `poll-service serve`: a bounded run of
generated requests (coverage and fuzzing phases) with an organiser's token. No answer may be a
5xx, and every answer must match the schema the document gives for its status."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import new_organiser
from tests.support.processes import ServiceProcess, service_env

# The coverage phase sends every boundary case the schema defines (~3,600 requests, not bounded by
# this); the fuzzing phase adds this many generated ones per operation, the same ones each run
# (--generation-deterministic): generating them is most of the client's time (8 took ~12 s of CPU).
EXAMPLES_PER_OPERATION = 4
ROOT = Path(__file__).resolve().parent.parent.parent
# Serializers for the binary bodies schemathesis does not know (a PDF deck's PDF).
HOOKS = {
    "SCHEMATHESIS_HOOKS": "tests.security.schemathesis_hooks",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
}


def _schemathesis() -> list[str]:
    # Beside this interpreter first: a virtual environment's scripts need not be on PATH.
    here = str(Path(sys.executable).parent)
    found = shutil.which("schemathesis", path=here) or shutil.which("schemathesis") or shutil.which("st")
    if found is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    return [found]


async def test_generated_requests_get_no_5xx_and_match_the_schema(tmp_path: Path) -> None:
    command = _schemathesis()
    worker = ServiceProcess(
        tmp_path, service_env(POLL_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'st.db'}")
    )
    worker.start()
    try:
        await worker.wait_ready()
        async with httpx.AsyncClient(base_url=worker.url) as http:
            ada = await new_organiser(http)
            presentation = await ada.presentation()
            await ada.room(presentation["id"])
        run = subprocess.run(
            [
                *command,
                "run",
                f"{worker.url}/openapi.json",
                "--header",
                f"Authorization: Bearer {ada.token}",
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "--max-examples",
                str(EXAMPLES_PER_OPERATION),
                "--phases",
                "coverage,fuzzing",
                # Logging out would end the token the run authenticates with.
                "--exclude-path",
                "/api/auth/logout",
                "--generation-deterministic",
                "--seed",
                "20261125",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
            cwd=tmp_path,
            env={**os.environ, **HOOKS},
        )
        report = run.stdout[-6000:] + run.stderr[-2000:]
        assert run.returncode == 0, report
        assert " passed" in run.stdout, report
        # The service stayed well: no 500 was logged either.
        assert "Traceback" not in worker.tail(400), worker.tail(80)
        print(run.stdout[-800:], file=sys.stderr)
    finally:
        worker.close()
