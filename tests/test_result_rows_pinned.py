"""The phone's "what everyone answered" rows are drawn twice: by the server for the page without
scripts (pages/answers.py) and by the browser (each type's `rows`, frontend/static/js/types/).
Both get the same questions and results here, many of them made at random with halves and ties on
purpose, and must draw the same rows."""

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from poll_service.pages.answers import result_rows
from poll_service.question_types.registry import QUESTION_TYPES

ROOT = Path(__file__).resolve().parent.parent
TYPES_JS = ROOT / "frontend/static/js/types/index.js"

# Reads the cases from stdin, prints each one's rows as the browser draws them.
NODE_SCRIPT = f"""
import {{ TYPES, load }} from {json.dumps(TYPES_JS.as_uri())};
let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
await load(cases.map(([q]) => q.type));
process.stdout.write(JSON.stringify(cases.map(([q, result]) => TYPES[q.type].rows(q, result))));
"""


def _options(n: int) -> list[dict[str, Any]]:
    return [{"id": f"o{i}", "label": f"Optie {i} ✓"} for i in range(n)]


def _case(kind: str, rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    total = rng.choice([0, 1, 2, 3, 4, 7, 8, 16, 40, 1000])
    options = _options(rng.randint(2, 6))
    question: dict[str, Any] = {"type": kind, "options": options, "settings": {}}
    if kind == "word_cloud":
        question["options"] = []
        words = [{"text": f"woord{i}", "count": rng.randint(1, 30)} for i in range(rng.randint(0, 14))]
        words.sort(key=lambda w: -w["count"])
        tally: dict[str, Any] = {"words": words}
    elif kind == "open_text":
        question["options"] = []
        tally = {"answers": [f"antwoord {i}" for i in range(rng.randint(0, 9))]}
    elif kind == "scale":
        steps = rng.choice([2, 3, 5, 7, 10])
        question["settings"] = {"steps": steps}
        # Means in quarters hit the halves that Python and the browser once rounded differently.
        means = [rng.choice([None, 1 + rng.randint(0, 4 * (steps - 1)) / 4]) for _ in options]
        tally = {
            "steps": steps,
            "statements": {o["id"]: {"mean": m} for o, m in zip(options, means, strict=True)},
        }
    elif kind == "ranking":
        items = [{"option_id": o["id"], "points": rng.randint(0, 50)} for o in options]
        items.sort(key=lambda i: -i["points"])
        tally = {"items": items}
    elif kind == "points":
        shares = [rng.randint(0, 8) for _ in options]
        whole = sum(shares) or 1
        tally = {"shares": {o["id"]: s / whole for o, s in zip(options, shares, strict=True)}}
    elif kind == "type_answer":
        question["options"] = []
        typed = [
            {"text": f"antwoord {i}", "count": rng.randint(1, 9), "right": rng.random() < 0.2}
            for i in range(14)
        ]
        tally = {"answers": sorted(typed[: rng.randint(0, 14)], key=lambda a: -a["count"])}
    elif kind == "number":
        question["options"] = []
        # Edges in eighths and negative ones hit the halves the two languages could round apart.
        low = rng.choice([-10, -1, 0, 1]) + rng.randint(0, 8) / 8
        width = rng.choice([0.125, 0.5, 1, 2.5, 10, 1000])
        each = rng.random() < 0.3
        spans = [(low + i * width, low + (i if each else i + 1) * width) for i in range(rng.randint(1, 10))]
        tally = {"bins": [{"from": a, "to": b, "count": rng.randint(0, 9)} for a, b in spans]}
    elif kind == "matrix":
        steps = rng.choice([2, 3, 5, 7, 10])
        question["settings"] = {"steps": steps}

        def mean() -> float:  # in quarters and hundredths: halves and ties on purpose
            span = steps - 1
            return 1 + rng.choice([rng.randint(0, 4 * span) / 4, rng.randint(0, 100 * span) / 100])

        tally = {
            "steps": steps,
            "items": {
                o["id"]: {"mean_x": mean(), "mean_y": mean()} if rng.random() < 0.8 else {"mean_x": None}
                for o in options
            },
        }
    elif kind == "pin_image":
        question["options"] = []
        # Ties between regions and thirds that split a cell's share into halves, on purpose.
        cells = [
            [rng.choice([0, 0, 0, 1, 2, 5]) if rng.random() < 0.3 else 0 for _ in range(20)]
            for _ in range(20)
        ]
        tally = {"grid": 20, "cells": cells, "count": sum(map(sum, cells))}
    else:  # multiple choice, quiz and image choice: counts per option
        tally = {"counts": {o["id"]: rng.randint(0, total) for o in options if rng.random() < 0.8}}
    return question, {"response_count": total, "tally": tally}


def test_the_browser_and_the_server_draw_the_same_result_rows_for_every_type() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs); scripts/test installs it")
    rng = random.Random(20261204)
    cases = [_case(kind, rng) for kind in sorted(QUESTION_TYPES) for _ in range(60)]
    drawn = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    browser_rows = json.loads(drawn.stdout)
    assert len(browser_rows) == len(cases)
    for (question, result), browser in zip(cases, browser_rows, strict=True):
        server = result_rows(question, result)
        context = f"{question['type']}: {json.dumps(result)}"
        assert [[r["label"], r["value"]] for r in server] == [[b[0], b[1]] for b in browser], context
        for row, (_, _, meter) in zip(server, browser, strict=True):
            if row["percent"] is None or meter is None:
                assert row["percent"] is meter is None, context
            else:
                assert row["percent"] == pytest.approx(meter, abs=0.051), context
