"""Amazon's APL validator, apl-suggester (npm), run by tools/apl/validate.js on JSON files.

`make install` installs it (npm ci in tools/apl). Without node or the package, a test fails under
CI=true and is skipped locally, saying so."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.settings import ROOT

TOOLS = ROOT / "tools" / "apl"
SCRIPT = TOOLS / "validate.js"


@dataclass(frozen=True)
class Finding:
    """One thing apl-suggester found wrong: its level, where, and what."""

    level: str
    path: str
    message: str


def _node() -> str:
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed (Node 20 with npm; then make install)"
    elif not (TOOLS / "node_modules" / "apl-suggester").is_dir():
        missing = "apl-suggester is not installed: make install (npm ci in tools/apl)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    assert node is not None
    return node


def validate(files: list[Path]) -> dict[str, list[Finding]]:
    """apl-suggester's findings for each file (an APL document, or a RenderDocument's
    {"document", "datasources"}), by file path; none means valid."""
    done = subprocess.run(
        [_node(), str(SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    results: dict[str, list[Finding]] = {}
    for line in done.stdout.splitlines():
        result: dict[str, Any] = json.loads(line)
        results[result["file"]] = [Finding(**f) for f in result["findings"]]
    assert len(results) == len(files), done.stdout
    assert (done.returncode == 1) == any(results.values())
    return results
