"""The browser knows every question type the server knows: frontend/static/js/types/index.js
registers one module per type of poll_service/question_types/registry.py, no more, no fewer, and
each module has all its parts (the phone's form, the result rows, the presenter's view, the
dashboard's editor)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from poll_service.question_types.registry import QUESTION_TYPES, SCORED_TYPES

ROOT = Path(__file__).resolve().parent.parent
TYPES_JS = ROOT / "frontend/static/js/types/index.js"

# Prints, per registered type, the kind of each part its module exports.
NODE_SCRIPT = f"""
import {{ SCORED, TYPES, TYPE_NAMES, load }} from {json.dumps(TYPES_JS.as_uri())};
await load(TYPE_NAMES);
const kind = (value) => (value === undefined ? 'missing' : typeof value);
const parts = Object.fromEntries(Object.entries(TYPES).map(([name, t]) => [name, {{
  'form.build': kind(t.form?.build),
  'form.collect': kind(t.form?.collect),
  rows: kind(t.rows),
  'view.className': kind(t.view?.className),
  'view.build': kind(t.view?.build),
  'view.update': kind(t.view?.update),
  optionIds: kind(t.optionIds),
  'editor.summary': kind(t.editor?.summary),
  'editor.fields': kind(t.editor?.fields),
}}]));
process.stdout.write(JSON.stringify({{ parts, scored: [...SCORED] }}));
"""


def test_every_server_type_has_a_whole_client_module() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs); scripts/test installs it")
    command = [node, "--input-type=module", "-e", NODE_SCRIPT]
    run = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    found = json.loads(run.stdout)
    parts: dict[str, dict[str, str]] = found["parts"]
    assert sorted(parts) == sorted(QUESTION_TYPES)
    assert sorted(found["scored"]) == sorted(SCORED_TYPES)  # the types with a countdown and a reveal
    for name, found in parts.items():
        assert found == dict.fromkeys(found, "function"), (name, found)
        assert (TYPES_JS.parent / f"{name}.js").is_file(), name  # one module per type, named after it
