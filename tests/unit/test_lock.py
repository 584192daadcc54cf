"""The lockfiles `make install` uses pin every dependency pyproject.toml asks for, in range."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.settings import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
DEV = [Requirement(r) for r in PROJECT["optional-dependencies"]["dev"]]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", re.MULTILINE)


def pins(lock: Path) -> dict[str, str]:
    """Package name -> pinned version; every pin must carry a hash."""
    text = lock.read_text(encoding="utf-8")
    assert text.count("==") == len(_PIN.findall(text))
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if _PIN.match(block):
            assert "--hash=sha256:" in block, f"{lock.name}: no hash for {block.split()[0]}"
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [("requirements.lock", RUNTIME), ("requirements-dev.lock", RUNTIME + DEV)],
)
def test_every_dependency_is_pinned_within_its_range(lock: str, wanted: list[Requirement]) -> None:
    pinned = pins(ROOT / lock)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} does not pin {name}: run `make lock`"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name}=={pinned[name]}, outside {requirement}: run `make lock`"
        )
