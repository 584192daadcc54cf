"""The runtime package holds the product: no developer tool is imported by it or shipped in it."""

from __future__ import annotations

import fnmatch
import importlib.util
import pkgutil
import subprocess
import sys
import tomllib

import skill
from tests.support.servers import ROOT


def test_the_skill_package_imports_no_developer_tool() -> None:
    # gunicorn's config module is run by gunicorn, with the settings it checks.
    modules = [
        m.name
        for m in pkgutil.walk_packages(skill.__path__, "skill.")
        if m.name != "skill.gunicorn_conf"
    ]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'tools', 'bench', 'tests'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
    assert len(modules) > 50  # the walk found the package


def test_the_installed_package_is_skill_alone() -> None:
    """What setuptools packs into the wheel (pyproject.toml's find settings): no tool."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = settings["tool"]["setuptools"]["packages"]["find"]["include"]
    top_level = [p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()]
    shipped = {name for name in top_level if any(fnmatch.fnmatch(name, i) for i in include)}
    assert shipped == {"skill"}
    assert importlib.util.find_spec("tools") is not None  # the tools exist, beside the package
    assert not (ROOT / "skill" / "screen" / "layout.py").exists()
