"""Checks that the skill speaks in its own words: no long run of words copied from a source.

`python -m tools.originality DIR` gathers every line the skill can say (each spoken field
of content/*.yaml, the full narration of every step for every lead, and every string literal in
skill/voice/) and compares it with every *.txt file in DIR. Any run of --min-words (8) or more
identical consecutive words fails the check. Case and punctuation are ignored: text is
lower-cased, apostrophes dropped, other punctuation read as spaces, and numerals read as words
("10" is "ten"), so a copy cannot hide behind a comma or a digit. Runs may cross sentence ends on
either side.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import unescape

import skill.voice
from skill.catalog.loader import ContentError, load_catalog
from skill.config import PROJECT_ROOT
from skill.domain.replies import Lead
from skill.domain.routines import Catalog, Routine, Step
from skill.voice.narration import narrate_step, step_label, step_prompt
from skill.voice.numbers import words as number_words
from skill.voice.ssml import TAG, render

MIN_WORDS = 8
VOICE_DIR = Path(skill.voice.__file__).resolve().parent
_APOSTROPHES = re.compile(r"['‘’ʼ]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def words_of(text: str) -> list[str]:
    """Text as compared: lower case, no apostrophes or punctuation, numerals as words."""
    out: list[str] = []
    for word in _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).split():
        if word.isdigit() and int(word) < 1000:
            out += _NOT_WORD.sub(" ", number_words(int(word))).split()
        else:
            out.append(word)
    return out


@cache
def _said_words(text: str) -> tuple[str, ...]:
    """words_of, once a text: every run of the check reads the same few thousand lines."""
    return tuple(words_of(text))


@cache
def _runs(text: str, size: int) -> tuple[str, ...]:
    """The text's run of `size` words starting at each word, joined: a string keeps its hash, so
    looking each up again costs nothing."""
    said = _said_words(text)
    return tuple(" ".join(said[i : i + size]) for i in range(len(said)))


@dataclass(frozen=True)
class Line:
    """Something the skill can say, and where it comes from."""

    origin: str  # "content/1-lower-back.yaml, move bridge, cue" or "skill/voice/speech.py:42"
    text: str


@dataclass(frozen=True)
class Copy:
    """A run of words a line shares with a source."""

    run: str  # the shared words, normalised
    where: str  # "001_x.txt line 12" (and any other source files it is in)
    line: Line
    also: int  # how many other lines say the same run


def _worded(catalog: Catalog) -> Iterator[tuple[str, Routine]]:
    """Every routine as the file words it (""), then as the locales with overrides do, once for
    the locales that share them (" (en-GB, en-AU)")."""
    for base in catalog.routines:
        yield "", base
        worded: dict[int, tuple[Routine, list[str]]] = {}
        for locale, routine in base.locales.items():
            worded.setdefault(id(routine), (routine, []))[1].append(locale)
        yield from ((f" ({', '.join(names)})", routine) for routine, names in worded.values())


def content_lines(catalog: Catalog, files: list[Path]) -> Iterator[Line]:
    """Every spoken field of every routine, in every locale's words: names, setups, cautions,
    and each move's texts."""
    paths = {
        r.id: f"{p.parent.name}/{p.name}" for p, r in zip(files, catalog.routines, strict=True)
    }
    for worded, routine in _worded(catalog):
        where = paths[routine.id] + worded
        yield Line(f"{where}, name", routine.name)
        yield Line(f"{where}, setup", routine.setup)
        yield from (Line(f"{where}, cautions", c) for c in routine.cautions)
        for move in routine.moves:
            at = f"{where}, move {move.id}"
            yield Line(f"{at}, name", move.name)
            yield Line(f"{at}, purpose", move.purpose)
            yield Line(f"{at}, setup", move.setup)
            yield from (Line(f"{at}, cautions", c) for c in move.cautions)
            for part in move.parts:
                label = f"{at} ({part.label})" if part.label else at
                if part.label:
                    yield Line(f"{label}, label", part.label)
                yield from (Line(f"{label}, instructions", i) for i in part.instructions)
                for side in part.alternate or ("",):
                    yield Line(f"{label}, cue", part.cue.format(side=side))
                yield Line(f"{label}, release", part.release)


def narration_lines(catalog: Catalog) -> Iterator[Line]:
    """The rendered narration of every step for every lead (in every locale's words), tags
    stripped, and its reprompt."""
    for worded, routine in _worded(catalog):
        for step in routine.steps:
            at = f"narration of {routine.id}{worded} step {step.index + 1} ({step_label(step)})"
            for lead in Lead:
                yield Line(f"{at}, lead {lead.value}", _narration_text(step, lead))
            yield Line(f"{at}, reprompt", step_prompt(step)[1])


@cache
def _narration_text(step: Step, lead: Lead) -> str:
    """A step's narration as words, once a step. Steps are equal when their routines' compared
    fields are (all but `locales` and `quick_version`, which narration never reads), so an
    edited content file is narrated again."""
    ssml = render(narrate_step(step, lead, lead is Lead.FIRST))
    return unescape(TAG.sub(" ", ssml), {"&quot;": '"', "&apos;": "'"})


def voice_lines(directory: Path = VOICE_DIR) -> Iterator[Line]:
    """Every string literal in the voice modules (the literal parts of f-strings too), but not
    docstrings, which are never spoken."""
    for path in sorted(directory.glob("*.py")):
        name = path.relative_to(directory.parents[1]).as_posix()
        yield from _literals(name, path.read_text(encoding="utf-8"))


@cache
def _literals(name: str, source: str) -> tuple[Line, ...]:
    """A module's spoken literals, parsed once a source text (reading is cheap, parsing not)."""
    tree = ast.parse(source, filename=name)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return tuple(
        Line(f"{name}:{node.lineno}", node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


class Articles:
    """The source articles, indexed by every run of `size` words."""

    def __init__(self, directory: Path, size: int) -> None:
        self.size = size
        self.files = sorted(directory.glob("*.txt"))
        self.word_count = 0
        self.runs: dict[str, list[str]] = {}
        for path in self.files:
            located = [
                (word, number)
                for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                for word in words_of(text)
            ]
            self.word_count += len(located)
            for i in range(len(located) - size + 1):
                run = " ".join(word for word, _ in located[i : i + size])
                self.runs.setdefault(run, []).append(f"{path.name} line {located[i][1]}")

    def copies(self, line: Line) -> Iterator[tuple[str, str]]:
        """Each longest run of the line found in a source, with where the source has it."""
        said = _said_words(line.text)
        runs = _runs(line.text, self.size)
        hits = [run in self.runs for run in runs]
        i = 0
        while i < len(said):
            if not hits[i]:
                i += 1
                continue
            end = i
            while end + 1 < len(said) and hits[end + 1]:
                end += 1
            places = self.runs[runs[i]]
            files = {p.split(" line ")[0] for p in places}
            extra = f" (and {len(files) - 1} more files)" if len(files) > 1 else ""
            yield " ".join(said[i : end + self.size]), places[0] + extra
            i = end + 1


def find_copies(sources: Articles, lines: list[Line]) -> list[Copy]:
    """Every run shared with a source, named by the first line that says it."""
    first: dict[str, tuple[str, Line]] = {}
    seen: dict[str, set[str]] = {}
    for line in lines:
        for run, where in sources.copies(line):
            first.setdefault(run, (where, line))
            seen.setdefault(run, set()).add(line.origin)
    return [Copy(run, where, line, len(seen[run]) - 1) for run, (where, line) in first.items()]


def main(argv: list[str] | None = None) -> int:
    """Fail if anything the skill can say shares a long run of words with a source text."""
    parser = argparse.ArgumentParser(prog="python -m tools.originality", description=main.__doc__)
    parser.add_argument("sources", type=Path, metavar="DIR", help="folder of source *.txt files")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--min-words", type=int, default=MIN_WORDS, metavar="N")
    args = parser.parse_args(argv)
    if args.min_words < 1:
        parser.error("--min-words must be at least 1")
    sources = Articles(args.sources, args.min_words)
    if not sources.files:
        parser.error(f"{args.sources}: no source files (*.txt) found")
    try:
        catalog = load_catalog(args.content)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    content = list(content_lines(catalog, sorted(args.content.glob("*.yaml"))))
    voice = list(voice_lines())
    narration = list(narration_lines(catalog))
    copies = find_copies(sources, content + voice + narration)
    for copy in copies:
        also = f" (and {copy.also} more lines)" if copy.also else ""
        print(f'{copy.where}: "{copy.run}"\n  said in {copy.line.origin}{also}')
    counts = (
        f"{len(content)} content fields, {len(narration)} narrations and {len(voice)} voice "
        f"literals against {len(sources.files)} sources ({sources.word_count} words)"
    )
    if copies:
        print(f"{len(copies)} runs of {args.min_words} or more words copied: {counts}")
        return 1
    print(f"ok: no run of {args.min_words} or more words copied: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
