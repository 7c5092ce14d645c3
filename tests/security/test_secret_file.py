"""The development signing key kept in `.poll-secret`: made whole and private, shared by workers
that start together, and refused when it could sign forgeries (empty or short)."""

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from poll_service.settings import Settings

REPO = Path(__file__).resolve().parent.parent.parent


def _settings(**values: object) -> Settings:
    return Settings(database_url="sqlite+aiosqlite:///x.db", **values)


def test_the_kept_secret_is_made_private_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLL_SECRET_KEY", raising=False)
    key = _settings().secret
    path = tmp_path / ".poll-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 32 and path.read_text() == key
    assert _settings().secret == key  # a restart keeps it
    assert [p.name for p in tmp_path.iterdir()] == [".poll-secret"]  # no temporary file left


@pytest.mark.parametrize("content", ["", "\n", "short-key"])
def test_an_empty_or_short_kept_secret_is_refused(
    content: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLL_SECRET_KEY", raising=False)
    (tmp_path / ".poll-secret").write_text(content)
    with pytest.raises(ValueError, match="no usable secret"):
        _ = _settings().secret


def test_a_kept_secret_others_could_read_is_made_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLL_SECRET_KEY", raising=False)
    path = tmp_path / ".poll-secret"
    path.write_text("k" * 48)
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert _settings().secret == "k" * 48
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "could be read by other users" in caplog.text


@pytest.mark.parametrize("key", ["", "too-short-0123456789"])
def test_an_empty_or_short_secret_key_is_refused(key: str) -> None:
    with pytest.raises(ValidationError, match="too short"):
        _settings(secret_key=key)


def test_workers_that_start_together_share_one_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLL_")} | {"PYTHONPATH": str(REPO)}
    script = "from poll_service.settings import Settings; print(Settings().secret)"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script], cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(8)
    ]
    keys = {worker.communicate(timeout=60)[0].strip() for worker in workers}
    assert all(worker.returncode == 0 for worker in workers)
    assert len(keys) == 1 and len(keys.pop()) >= 32
