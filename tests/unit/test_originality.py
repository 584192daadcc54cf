"""The originality check: anything the skill can say that copies 8+ words of a source fails.

Each test builds its own source folder; none reads the real articles (../shared is not ours).
Each test runs the whole check; tools.originality itself narrates a step and reads a voice
module once, so only a test's own content folder is narrated again.
"""

from __future__ import annotations

import runpy
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.settings import ROOT
from tests.support.speech import content_catalog
from tools.originality import main, voice_lines, words_of

FILLER = "Zebras quietly juggle violet lanterns beside the humming marmalade river."


def _catalog_line() -> tuple[str, list[str]]:
    """A real spoken content line, where it comes from, and its words."""
    move = content_catalog().routines[0].moves[0]
    said = words_of(move.purpose)
    assert len(said) >= 8, "the test needs a content line of at least eight words"
    return f"content/1-lower-back.yaml, move {move.id}, purpose", said


def _mangled(run: list[str]) -> str:
    """The same words in other case and punctuation: 'KNEE, to "CHEST"; and...'."""
    return " ".join(f"{w.upper()}," if i % 2 else f'"{w.capitalize()}";' for i, w in enumerate(run))


def _sources(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "article.txt").write_text(f"{FILLER}\n{text}\n{FILLER}\n", encoding="utf-8")
    (folder / "other.txt").write_text(FILLER + "\n", encoding="utf-8")
    return folder


def test_words_are_compared_without_case_punctuation_or_apostrophes() -> None:
    assert words_of("Don't BOUNCE—hold it, 10-12 times…") == [
        "dont",
        "bounce",
        "hold",
        "it",
        "ten",
        "twelve",
        "times",
    ]
    assert words_of("You’ll feel it.") == words_of("youll FEEL it")


def test_an_eight_word_copy_of_a_content_line_fails_and_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin, said = _catalog_line()
    run = said[-8:]
    sources = _sources(tmp_path, f"As the article puts it, {_mangled(run)} and so on.")

    assert main([str(sources)]) == 1

    out = capsys.readouterr().out
    assert f'article.txt line 2: "{" ".join(run)}"' in out
    assert f"said in {origin}" in out
    assert "other.txt" not in out
    assert "1 runs of 8 or more words copied" in out


def test_a_seven_word_run_passes_with_a_summary_of_what_was_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, said = _catalog_line()
    sources = _sources(tmp_path, _mangled(said[-7:]))

    assert main([str(sources)]) == 0

    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("ok: no run of 8 or more words copied: ")
    assert "against 2 sources" in out[0]
    for counted in ("content fields", "narrations", "voice literals"):
        assert counted in out[0]
    # The same seven words fail once the threshold is lowered.
    assert main([str(sources), "--min-words", "7"]) == 1


def test_a_run_across_a_sentence_end_and_a_line_break_in_the_source_still_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin, said = _catalog_line()
    run = said[-8:]
    split = f"the first half is {' '.join(run[:3])}.\n{' '.join(run[3:]).capitalize()}! Then more."
    sources = _sources(tmp_path, split)

    assert main([str(sources)]) == 1
    out = capsys.readouterr().out
    assert f'"{" ".join(run)}"' in out
    assert f"said in {origin}" in out


def test_a_copied_voice_module_literal_fails_and_names_the_module(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sentence only speech.py says (replies, not narration), so narration cannot find it.
    literal = next(
        line
        for line in voice_lines()
        if line.origin.startswith("skill/voice/speech.py:") and len(words_of(line.text)) >= 8
    )
    sources = _sources(tmp_path, _mangled(words_of(literal.text)[:8]))

    assert main([str(sources)]) == 1
    assert f"said in {literal.origin}" in capsys.readouterr().out


def test_narration_is_checked_across_the_lines_it_joins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The end of one content line and the start of the next, as narration says them together.
    move = content_catalog().routines[0].moves[0]
    run = words_of(move.setup)[-4:] + words_of(move.parts[0].instructions[0])[:4]
    sources = _sources(tmp_path, " ".join(run))

    assert main([str(sources)]) == 1
    out = capsys.readouterr().out
    assert f'"{" ".join(run)}"' in out
    assert "said in narration of lower-back step 1" in out


def _one_routine(tmp_path: Path) -> Path:
    """A content folder holding only the first routine's file (narrated in a few milliseconds,
    where the whole content takes a third of a second)."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "1-lower-back.yaml", content)
    return content


def test_the_content_option_checks_another_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _one_routine(tmp_path)
    first = content / "1-lower-back.yaml"
    routine = yaml.safe_load(first.read_text(encoding="utf-8"))
    routine["setup"] = FILLER
    first.write_text(yaml.safe_dump(routine), encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text(FILLER, encoding="utf-8")

    assert main([str(sources)]) == 0
    assert main([str(sources), "--content", str(content)]) == 1
    assert "said in content/1-lower-back.yaml, setup" in capsys.readouterr().out


def test_a_folder_without_sources_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main([str(tmp_path)])
    assert exited.value.code == 2


def test_the_command_runs_as_a_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m tools.originality`, as runpy runs it for the interpreter (in this process: the
    module is imported afresh as __main__, with caches of its own)."""
    _, said = _catalog_line()
    sources = _sources(tmp_path, " ".join(said[:8]))
    argv = ["tools.originality", str(sources), "--content", str(_one_routine(tmp_path))]
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.delitem(sys.modules, "tools.originality")  # as in a fresh interpreter

    with pytest.raises(SystemExit) as exited:
        runpy.run_module("tools.originality", run_name="__main__", alter_sys=True)

    assert exited.value.code == 1
    assert "runs of 8 or more words copied" in capsys.readouterr().out
