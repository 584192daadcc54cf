"""Where the docs are, and the commands they give in fenced `sh` blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
DOCS = README.parent / "docs"
_FENCE = re.compile(r"^( *)```(\S*)[^\n]*\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


OTHER_READMES = ("content/README.md", "bench/README.md", "tests/dialogs/README.md")


def pages() -> list[Path]:
    """The README, every page under docs/, and the READMEs beside the code."""
    return [README, *sorted(DOCS.rglob("*.md")), *(README.parent / p for p in OTHER_READMES)]


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(README.parent)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced block of a page, its lines unindented."""
    markdown = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(markdown):
        indent = len(match[1])
        text = "".join(line[indent:] for line in match[3].splitlines(keepends=True))
        line = markdown.count("\n", 0, match.start()) + 1
        found.append(Block(page, line, match[2], text))
    return found


def commands(block: Block) -> list[str]:
    """A shell block's commands: continued lines joined, comments and blank lines left out."""
    joined = re.sub(r"\\\n\s*", " ", block.text)
    return [
        line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")
    ]
