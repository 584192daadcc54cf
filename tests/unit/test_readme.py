"""The README is a front door and the docs stay true: every setting and target documented, every
page linked, every link to a file that exists. The commands in them are run by
tests/sockets/test_docs.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill.config import Serving, Settings
from tests.support.docs import DOCS, README, pages

ROOT = README.parent
LINK = re.compile(r"\]\(([^)\s]+)\)")
FRONT_DOOR_BYTES = 12 * 1024


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    configuration = (DOCS / "configuration.md").read_text()
    read = set()
    for path in (ROOT / "skill").rglob("*.py"):
        source = path.read_text()
        read |= set(re.findall(r'env(?:iron)?\.get\(\s*"([A-Z_]+)"', source))
        read |= set(re.findall(r'_(?:flag|int|given)\(env, "([A-Z_]+)"', source))
    assert {"REDIS_URL", "ALEXA_VERIFY_REQUESTS", "USER_ID_HASH_SECRET", "PORT"} <= read
    assert {"ALEXA_SKILL_ID", "REDIS_SENTINEL_MASTER", "PLACE_RETENTION_DAYS"} <= read
    missing = sorted(name for name in read if f"`{name}`" not in configuration)
    assert not missing, f"docs/configuration.md does not document {missing}"


def test_every_documented_number_is_the_default_the_code_reads() -> None:
    """A default changed in the code (skill/domain/state.py's PLACE_KEPT_DAYS, say) and not in
    docs/configuration.md fails here."""
    documented = dict(
        re.findall(r"^\| `([A-Z_]+)` \| `(\d+)` \|", (DOCS / "configuration.md").read_text(), re.M)
    )
    settings = Settings.from_env({}, serving=False)
    serving = Serving.from_env({})
    read = {
        "PORT": settings.port,
        "PLACE_RETENTION_DAYS": settings.place_retention_days,
        "PERSON_RETENTION_DAYS": settings.person_retention_days,
        "WEB_CONCURRENCY": serving.workers,
        "WEB_THREADS": serving.threads,
        "GRACEFUL_TIMEOUT": serving.graceful_timeout,
    }
    assert {name: int(value) for name, value in documented.items()} == read
    # Prose that gives a retention default says the same: "`PERSON_RETENTION_DAYS` (365) days".
    said = [
        (page.name, name, int(days))
        for page in pages()
        for name, days in re.findall(
            r"`(PLACE_RETENTION_DAYS|PERSON_RETENTION_DAYS)`[^(`\n]{0,40}\((\d+)", page.read_text()
        )
    ]
    assert len(said) >= 3
    assert [s for s in said if s[2] != read[s[1]]] == []


def test_every_make_target_is_listed() -> None:
    development = (DOCS / "development.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert phony is not None
    targets = set(phony.group(1).replace("\\\n", " ").split())
    defined = set(re.findall(r"^([a-z][a-z -]*):", makefile, re.MULTILINE))
    assert {t for line in defined for t in line.split()} == targets, "a target is not .PHONY"
    assert {"install", "lock", "test", "unit", "coverage", "clean"} <= targets
    missing = sorted(t for t in targets if f"| `make {t}` |" not in development)
    assert not missing, f"docs/development.md does not list {missing}"


def test_the_readme_is_a_front_door() -> None:
    assert README.stat().st_size < FRONT_DOOR_BYTES
    text = README.read_text()
    for heading in (
        "## Two commands",
        "## Try it without a device",
        "## Connect a real Alexa skill",
        "## Where next",
    ):
        assert heading in text


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {
        (ROOT / target.split("#")[0]).resolve() for target in LINK.findall(README.read_text())
    }
    unlinked = [
        str(page.relative_to(ROOT))
        for page in DOCS.rglob("*.md")
        if page.resolve() not in linked and page.parent.resolve() not in linked
    ]
    assert not unlinked, f"the README does not link {unlinked}"


@pytest.mark.parametrize("page", pages(), ids=lambda page: str(page.relative_to(ROOT)))
def test_every_link_to_a_file_leads_to_one(page: Path) -> None:
    broken = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        if not path.exists():
            broken.append(target)
        elif "#" in target and path.suffix == ".md":
            anchor = target.split("#", 1)[1]
            if anchor not in anchors(path.read_text()):
                broken.append(target)
    assert not broken, f"{page.name} links to what is not there: {broken}"


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to -."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_anchors_are_made_as_github_makes_them() -> None:
    headings = "# Screens (Echo Show)\n## The ASK CLI\n"
    assert anchors(headings) == {"screens-echo-show", "the-ask-cli"}
