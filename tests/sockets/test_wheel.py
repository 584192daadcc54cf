"""The wheel built from the project holds the runtime package alone: no developer tool
(tools/: the APL layout checks and previews, originality, the voice report), no benchmark, no
test. Built for real, from a copy of the project (a build writes into the tree it builds)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.servers import ROOT

# What a build reads, and none of what is local to this checkout.
LOCAL = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", "var", "build", "*.egg-info", "htmlcov", ".coverage*",
)  # fmt: skip
# The tools' file names, anywhere in the wheel: a tool moved back into skill/ is caught too.
TOOL_FILES = {"layout.py", "expr.py", "preview.py", "viewports.py", "originality.py"}


def test_the_wheel_holds_the_skill_package_and_no_tool(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=LOCAL)
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    built = subprocess.run(
        [*pip_wheel, "--no-index", "--quiet", "--wheel-dir", str(tmp_path / "dist"), str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("back_stretch_coach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"skill", next(t for t in top if t.endswith(".dist-info"))}
    assert "skill/__main__.py" in names  # the package itself is there, the simulator and CLI too
    assert "skill/simulator/cli.py" in names
    assert "skill/screen/documents/step.json" in names  # the package's data file, which it reads
    shipped_tools = sorted(n for n in names if n.rsplit("/", 1)[-1] in TOOL_FILES)
    assert shipped_tools == [], shipped_tools
    assert not any(n.rsplit("/", 1)[-1] == "voice_report.py" for n in names)
