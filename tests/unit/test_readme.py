"""The README stays true about configuration."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    read = set()
    for path in (ROOT / "skill").rglob("*.py"):
        source = path.read_text()
        read |= set(re.findall(r'env(?:iron)?\.get\(\s*"([A-Z_]+)"', source))
        read |= set(re.findall(r'_(?:flag|int)\(env, "([A-Z_]+)"', source))
    assert {"REDIS_URL", "ALEXA_VERIFY_REQUESTS", "USER_ID_HASH_SECRET", "PORT"} <= read
    missing = sorted(name for name in read if f"`{name}`" not in readme)
    assert not missing, f"README does not document {missing}"


def test_every_make_target_is_listed() -> None:
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert phony is not None
    targets = set(phony.group(1).replace("\\\n", " ").split())
    defined = set(re.findall(r"^([a-z][a-z -]*):", makefile, re.MULTILINE))
    assert {t for line in defined for t in line.split()} == targets, "a target is not .PHONY"
    assert {"install", "lock", "test", "unit", "coverage", "clean"} <= targets
    missing = sorted(t for t in targets if f"`make {t}`" not in readme)
    assert not missing, f"README does not list {missing}"
