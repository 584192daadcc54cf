"""The runtime package holds the product: no developer tool is imported by it or shipped in it."""

from __future__ import annotations

import ast
import fnmatch
import importlib.util
import tomllib
from collections.abc import Iterator

from tests.support.servers import ROOT

DEVELOPER_ONLY = {"tools", "bench", "tests"}


def _imported(tree: ast.AST) -> Iterator[str]:
    """Every module a file names for import: import statements anywhere in it (in functions too,
    however late they run) and the strings it hands importlib."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def test_the_skill_package_imports_no_developer_tool() -> None:
    files = sorted((ROOT / "skill").rglob("*.py"))
    assert len(files) > 50  # the walk found the package
    sources = {path: path.read_bytes() for path in files}
    # Only a file that spells a developer package's name can import it: only those are parsed.
    suspects = [p for p, text in sources.items() if any(n.encode() in text for n in DEVELOPER_ONLY)]
    named = {
        (path.relative_to(ROOT).as_posix(), module)
        for path in suspects
        for module in _imported(ast.parse(sources[path], filename=str(path)))
    }
    assert any(module.startswith("skill.") for _, module in named)  # imports are seen
    wrong = sorted((path, m) for path, m in named if m.split(".")[0] in DEVELOPER_ONLY)
    assert not wrong


def test_the_import_check_sees_every_way_of_importing() -> None:
    source = (
        "import tools.apl\n"
        "def later():\n"
        "    from bench import load\n"
        "    importlib.import_module('tests.support')\n"
        "    from . import sibling\n"
    )
    assert set(_imported(ast.parse(source))) == {"tools.apl", "bench", "tests.support"}


def test_the_installed_package_is_skill_alone() -> None:
    """What setuptools packs into the wheel (pyproject.toml's find settings): no tool."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = settings["tool"]["setuptools"]["packages"]["find"]["include"]
    top_level = [p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()]
    shipped = {name for name in top_level if any(fnmatch.fnmatch(name, i) for i in include)}
    assert shipped == {"skill"}
    assert importlib.util.find_spec("tools") is not None  # the tools exist, beside the package
    assert not (ROOT / "skill" / "screen" / "layout.py").exists()
