"""`poll-service export ID --format pdf|csv|xlsx [--output FILE]` on a database the API filled."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import httpx
from openpyxl import load_workbook
from sqlalchemy.engine import make_url

from poll_service.settings import Settings
from tests.exports.support import QuestionSpec, build_event, pdf_pages, squash

REPO = Path(__file__).resolve().parents[2]


def _export(settings: Settings, cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")}
    env.update(
        PYTHONPATH=str(REPO),
        POLL_DATABASE_URL=settings.database_url,
        POLL_SECRET_KEY="test-secret-key-that-is-long-enough-0123456789",
    )
    return subprocess.run(
        [sys.executable, "-m", "poll_service", "export", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


async def test_export_command_writes_each_format(
    client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    event = await build_event(
        client,
        [QuestionSpec("Wat vindt u van € 5,- entree?", ["Prima", "Te duur"], votes=[[[0], [1], [1]]])],
        room_names=["Zaal één"],
    )
    rid, pid = event.rooms[0]["id"], event.presentation["id"]
    if make_url(settings.database_url).get_backend_name() == "sqlite":
        assert Path(make_url(settings.database_url).database or "").exists()

    done = _export(settings, tmp_path, rid, "--format", "pdf", "--output", str(tmp_path / "room.pdf"))
    assert done.returncode == 0, done.stderr.decode()
    text = squash("".join(pdf_pages((tmp_path / "room.pdf").read_bytes())))
    assert squash("Wat vindt u van € 5,- entree?") in text and "Teduur2·67%" in text

    done = _export(settings, tmp_path, pid, "--format", "csv", "--output", "-")
    assert done.returncode == 0, done.stderr.decode()
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"))))
    assert rows[0][0] == "room" and len(rows) == 4 and {r[0] for r in rows[1:]} == {"Zaal één"}
    done = _export(settings, tmp_path, pid, "--format", "csv", "--separator", "semicolon", "--output", "-")
    assert done.returncode == 0, done.stderr.decode()
    assert list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig")), delimiter=";")) == rows

    done = _export(settings, tmp_path, rid, "--format", "xlsx")  # default name in the working directory
    assert done.returncode == 0, done.stderr.decode()
    written = tmp_path / "Bewonersavond Oost - Zaal één - results.xlsx"
    assert written.exists(), list(tmp_path.iterdir())
    book = load_workbook(written)
    assert book.sheetnames[0] == "Antwoorden" and book["Antwoorden"].max_row == 4

    done = _export(settings, tmp_path, "no-such-id", "--format", "pdf")
    assert done.returncode != 0 and b"no room or presentation" in done.stderr
