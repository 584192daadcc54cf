"""The lockfiles `make install` uses pin every requirement exactly, extras included.

A lock is only as good as what an installer can do with it: a requirement that some locked
package asks for and the lock does not pin exactly (`coverage[toml]` when the lock says
`coverage`, as `--strip-extras` wrote it) is resolved again by the installer, from whatever the
registry holds that day. These checks read the locks and the metadata of what they installed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.settings import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
DEV = [Requirement(r) for r in PROJECT["optional-dependencies"]["dev"]]
LOCKS = ("requirements.lock", "requirements-dev.lock", "requirements-uv.lock")
# Markers are judged on this interpreter and on the oldest Python the project supports: a lock
# made on 3.11.7 must still pin what 3.11.0 needs (redis asks for async-timeout before 3.11.3).
HERE: dict[str, str] = {key: str(value) for key, value in default_environment().items()}
OLDEST = HERE | {"python_version": "3.11", "python_full_version": "3.11.0"}
assert PROJECT["requires-python"] == ">=3.11", "OLDEST follows requires-python"


@dataclass(frozen=True)
class Pin:
    version: str
    extras: frozenset[str]
    hashes: int
    marker: Marker | None = None

    @property
    def installed_here(self) -> bool:
        return self.marker is None or self.marker.evaluate(HERE)


def pins(text: str) -> dict[str, Pin]:
    """Each requirement of a hashed lock, which must be `name[extras]==version` with hashes."""
    found: dict[str, Pin] = {}
    logical = re.sub(r"\\\n", " ", re.sub(r"(?m)\s*#.*$", "", text))
    for line in filter(None, (line.strip() for line in logical.splitlines())):
        spec, *options = line.split(" --hash=")
        requirement = Requirement(spec)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1, f"not pinned: {spec}"
        assert specifiers[0].operator == "==", f"not pinned: {spec}"
        assert "*" not in specifiers[0].version, f"not pinned: {spec}"
        assert options, f"no hash: {spec}"
        assert all(o.startswith("sha256:") for o in options), f"not a sha256 hash: {spec}"
        found[canonicalize_name(requirement.name)] = Pin(
            specifiers[0].version, frozenset(requirement.extras), len(options), requirement.marker
        )
    return found


def read(lock: str) -> dict[str, Pin]:
    return pins((ROOT / lock).read_text(encoding="utf-8"))


STRIPPED = "pytest-cov==7.1 --hash=sha256:ab\ncoverage==7.1 --hash=sha256:cd\n"


def test_a_stripped_extra_or_a_range_is_refused() -> None:
    assert pins("coverage[toml]==7.1 \\\n    --hash=sha256:ab\n")["coverage"].extras == {"toml"}
    for bad in ("coverage>=7.1 --hash=sha256:ab", "coverage==7.* --hash=sha256:ab", "six==1.0"):
        with pytest.raises(AssertionError):
            pins(bad)
    assert unmet({"pytest-cov": ["coverage[toml]>=7"]}, pins(STRIPPED)) == [
        "pytest-cov needs coverage[toml]>=7; the lock pins coverage without [toml]"
    ]
    old_python = "async-timeout>=4; python_full_version < '3.11.3'"
    assert unmet({"redis": [old_python]}, pins("redis==8 --hash=sha256:ab")) == [
        f"redis needs {old_python}; the lock does not pin async-timeout"
    ]
    assert unmet({"redis": ["pywin32; sys_platform == 'win32'"]}, {}) == []


def unmet(requires: dict[str, list[str]], locked: dict[str, Pin]) -> list[str]:
    """What the locked packages ask for (markers evaluated, extras asked for included) that the
    lock does not pin, or pins without the extras asked for."""
    problems = []
    for name, wanted in requires.items():
        asked = locked[canonicalize_name(name)].extras if canonicalize_name(name) in locked else ()
        for raw in wanted:
            requirement = Requirement(raw)
            marker = requirement.marker
            if marker and not any(
                marker.evaluate(env | {"extra": extra})
                for env in (HERE, OLDEST)
                for extra in ("", *asked)
            ):
                continue
            dependency = canonicalize_name(requirement.name)
            if dependency not in locked:
                problems.append(f"{name} needs {raw}; the lock does not pin {dependency}")
                continue
            missing = set(requirement.extras) - locked[dependency].extras
            if missing:
                extras = ",".join(sorted(missing))
                problems.append(
                    f"{name} needs {raw}; the lock pins {dependency} without [{extras}]"
                )
            elif not requirement.specifier.contains(locked[dependency].version, prereleases=True):
                problems.append(f"{name} needs {raw}; the lock pins {locked[dependency].version}")
    return problems


@pytest.mark.parametrize("lock", LOCKS)
def test_every_requirement_is_pinned_with_hashes(lock: str) -> None:
    assert read(lock)


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [("requirements.lock", RUNTIME), ("requirements-dev.lock", RUNTIME + DEV)],
)
def test_every_dependency_is_pinned_within_its_range(lock: str, wanted: list[Requirement]) -> None:
    project = {PROJECT["name"]: [str(r) for r in wanted]}
    assert unmet(project, read(lock)) == [], "run `make lock`"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_what_each_locked_package_needs_is_locked_with_its_extras(lock: str) -> None:
    locked = read(lock)
    requires: dict[str, list[str]] = {}
    for name, pin in locked.items():
        if not pin.installed_here:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{lock} pins {name}, which is not installed: run `make install`")
        assert installed == pin.version, f"{name} {installed} installed, {lock} pins {pin.version}"
        requires[name] = metadata.requires(name) or []
    assert unmet(requires, locked) == [], "run `make lock`"


def test_the_runtime_lock_pins_what_the_dev_lock_tests() -> None:
    dev = read("requirements-dev.lock")
    for name, pin in read("requirements.lock").items():
        assert dev[name].version == pin.version, f"{name}: the locks disagree; run `make lock`"


def test_the_installer_is_pinned_for_every_platform() -> None:
    (uv,) = read("requirements-uv.lock").values()
    assert uv.hashes >= 10, "one hash per platform's wheel: run `make lock`"
    assert metadata.version("uv") == uv.version
