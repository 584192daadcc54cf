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
