"""`back-coach say` and `back-coach chat` end to end, in-process and against a real server.
`python -m skill say` as a program: test_processes.py, next to a running server."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from skill.__main__ import main
from skill.config import Settings
from skill.domain.routines import Catalog, Routine
from skill.simulator.dialog import ASKS_PERMISSION
from skill.voice import reminders
from skill.voice.locales import wording
from skill.voice.narration import next_label, step_label
from skill.web import create_app
from tests.support.settings import ROOT, SECRET
from tools import voice_report

ONE_SHOT = '→ new session · StartRoutineIntent {routine: "lower back stretches" → lower-back}'


@pytest.fixture(autouse=True)
def environment(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, tmp_path: Path
) -> Iterator[dict[str, str]]:
    """The CLI reads its settings from the environment: point it at the test Redis."""
    env = {
        "REDIS_URL": redis_url,
        "DATA_DIR": str(tmp_path),
        "USER_ID_HASH_SECRET": SECRET.decode(),
        "CONTENT_DIR": str(ROOT / "content"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALEXA_VERIFY_REQUESTS", raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield env
    root.handlers[:], root.level = handlers, level  # main() configures logging for the process


def user(request: pytest.FixtureRequest) -> str:
    return f"cli-{request.node.name}-{os.getpid()}"


def turns(out: str) -> dict[str, str]:
    """What the CLI printed for each thing said, by what was said ("you> next" -> its block)."""
    blocks = out.split("you> ")[1:]
    return {block.split("\n", 1)[0]: block for block in blocks}


@pytest.fixture(scope="module")
def lower_back(catalog: Catalog) -> Routine:
    """The routine "start my lower back stretches" resolves to."""
    found = catalog.get("lower-back")
    assert found is not None
    return found


def test_say_runs_a_sequence_in_process(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest, lower_back: Routine
) -> None:
    code = main(
        [
            "say",
            "--user",
            user(request),
            "start my lower back stretches",
            "next",
            "how long do I hold",
            "pause",
            "open",
            "yes",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "you> start my lower back stretches" in out
    assert ONE_SHOT in out
    said = turns(out)
    assert re.search(r"\[\d+(\.\d+)? s\]", said["start my lower back stretches"])  # timed holds
    reprompt = said["start my lower back stretches"].split("reprompt:", 1)[1]
    assert next_label(lower_back.steps[0]) in reprompt.lower()
    assert "→ HoldDurationIntent" in said["how long do I hold"]
    assert "session ended" in said["pause"]
    assert "→ new session · LaunchRequest" in said["open"]
    assert step_label(lower_back.steps[1]) in said["open"].lower()  # where we stopped
    assert "session open" in said["open"]
    assert "to say)" in out
    assert "<speak>" not in out


def test_say_shows_raw_ssml_on_request(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    assert main(["say", "--ssml", "--user", user(request), "what routines are there"]) == 0
    assert "ssml: <speak>" in capsys.readouterr().out


def test_locale_picks_the_model_that_understands_and_the_wording_that_answers(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    british = ["say", "--user", user(request), "open", "hang on a tick"]
    assert main([*british[:1], "--locale", "en-GB", *british[1:]]) == 0
    said = turns(capsys.readouterr().out)
    assert wording("en-GB").check_first_with in " ".join(said["open"].split())
    assert "→ WaitIntent" in said["hang on a tick"]
    assert main([*british[:3], "--locale", "en-US", "new", "open", "hang on a tick"]) == 0
    said = turns(capsys.readouterr().out)
    assert wording("en-US").check_first_with in " ".join(said["open"].split())
    assert "→ AMAZON.FallbackIntent" in said["hang on a tick"]


def test_an_unknown_locale_is_refused_with_the_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["say", "--locale", "en-NZ", "help"])
    assert refused.value.code == 2
    assert "en-GB" in capsys.readouterr().err


def test_the_same_user_resumes_across_runs(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest, lower_back: Routine
) -> None:
    name = user(request)
    main(["say", "--user", name, "start my lower back stretches", "next", "stop"])
    capsys.readouterr()
    main(["say", "--user", name, "open back stretch coach"])
    reopened = turns(capsys.readouterr().out)["open back stretch coach"].lower()
    assert step_label(lower_back.steps[1]) in reopened
    assert step_label(lower_back.steps[0]) not in reopened


def test_chat_reads_lines_until_quit(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    lower_back: Routine,
) -> None:
    lines = "open\n\nlumbar\nwhere am i\nend\nquit\nnext\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["chat", "--user", user(request)]) == 0
    out = capsys.readouterr().out
    assert "Commands: open" in out
    assert "→ new session · LaunchRequest" in out
    assert 'StartRoutineIntent {routine: "lumbar" → lower-back}' in out
    assert lower_back.steps[0].move.name in turns(out)["where am i"].lower()
    assert "SessionEndedRequest (USER_INITIATED)" in out
    assert "you> next" not in out  # quit stopped reading


def test_check_still_works_as_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "ok  lower-back" in capsys.readouterr().out


def test_report_walks_every_step_and_flags_none(
    capsys: pytest.CaptureFixture[str], catalog: Catalog
) -> None:
    assert voice_report.main([]) == 0
    out = capsys.readouterr().out
    for routine in catalog.routines:
        assert f"{routine.id}: {len(routine.moves)} moves, {len(routine.steps)} steps" in out
    assert out.rstrip().endswith("0 flagged steps")


def test_report_fails_on_a_flagged_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    long_caution = "Go slowly and gently, and stop if anything feels wrong at all. " * 6
    (content / "1-one.yaml").write_text(
        "id: one\nname: one move\nsynonyms: [one]\nsource: 001_f650bcc924a85dfa.txt\n"
        f"setup: Lie down.\ncautions: [{long_caution.strip()}]\nmoves:\n"
        "  - id: tiny\n    name: tiny\n    purpose: It helps.\n    setup: Lie still.\n"
        "    instructions: [Breathe.]\n    cue: Breathe in.\n"
        "    hold: {seconds: 3}\n    reps: {count: 2}\n"
    )
    monkeypatch.setenv("CONTENT_DIR", str(content))
    assert voice_report.main([]) == 1  # a first-time opening over 35 s
    out = capsys.readouterr().out
    assert "opening" in out
    # The routine's one step, and its quick version's: both open with the long caution.
    assert out.rstrip().endswith("2 flagged steps")
    assert "one (quick): 1 moves" in out


@pytest.fixture
def server_url(settings: Settings, catalog: Catalog) -> Iterator[str]:
    """A real skill server on a loopback socket, verification off as --url requires."""
    yield from _serve(settings, catalog)


def _serve(settings: Settings, catalog: Catalog) -> Iterator[str]:
    app = create_app(settings, catalog=catalog)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/alexa"
    server.shutdown()
    thread.join(timeout=5)


def test_url_sends_the_requests_to_a_running_server(
    server_url: str,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
    lower_back: Routine,
) -> None:
    code = main(
        [
            "say",
            "--url",
            server_url,
            "--user",
            user(request),
            "start my lower back stretches",
            "next",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert ONE_SHOT in out
    assert lower_back.steps[1].move.name in turns(out)["next"].lower()


def test_url_to_a_verifying_server_explains_the_refusal_in_one_line_and_stops(
    settings: Settings,
    catalog: Catalog,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    for url in _serve(dataclasses.replace(settings, verify_requests=True), catalog):
        assert main(["say", "--url", url, "--user", user(request), "open", "next"]) == 1
    captured = capsys.readouterr()
    assert "HTTP 400" in captured.out
    assert "you> next" not in captured.out  # every later request would be refused too
    assert captured.err.splitlines() == [
        f"error: {url} answered HTTP 400 Bad Request: is request verification on? "
        "Start the server with ALEXA_VERIFY_REQUESTS=false"
    ]


def test_url_that_nobody_answers_is_an_error_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["say", "--url", "http://127.0.0.1:9/alexa", "open"]) == 1
    assert "error: cannot reach http://127.0.0.1:9/alexa" in capsys.readouterr().err


def test_say_into_a_pipe_closed_early_ends_quietly(environment: dict[str, str]) -> None:
    """`back-coach say ... | head`: the reader stops reading; no traceback follows."""
    command = [sys.executable, "-m", "skill", "say", "start my lower back stretches", "next"]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=os.environ | environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.read(10)
        process.stdout.close()  # as head does once it has its lines
        _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert process.returncode == 0


def test_say_can_try_the_reminders_permission_asked_by_voice(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    said = [
        "remind me every day at 8 am",
        "yes",
        "remind me every day at 7 pm",
        "add another",
        "do I have a reminder",
    ]
    code = main(["say", "--no-reminders-permission", "--user", user(request), *said])
    out = turns(capsys.readouterr().out)
    assert code == 0
    assert reminders.ASKING_PERMISSION in out[said[0]]
    assert ASKS_PERMISSION in out[said[0]]  # Alexa's own question, as the simulator plays it
    assert "Alexa takes the turn, then the session goes on" in out[said[0]]
    assert "→ Connections.Response (the permission: ACCEPTED)" in out["yes"]
    assert "every day at eight in the morning" in out["yes"]
    moving = reminders.MOVE_ONE.format(existing="eight in the morning", at="seven in the evening")
    assert moving in out[said[2]]
    assert "every day at seven in the evening" in out["add another"]
    assert "eight in the morning and seven in the evening" in out[said[4]]
