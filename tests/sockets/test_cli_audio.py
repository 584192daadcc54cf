"""`back-coach say --speak` and `--wav`: espeak-ng playing the replies, or writing them to a WAV
file. The real espeak-ng is needed where the sound is checked (skipped locally without it, saying
`sudo apt-get install espeak-ng`; a failure under CI=true, where .ci/run installs it); a missing
sound device is forced on it from the environment, and a fake espeak-ng fails the ways it can."""

from __future__ import annotations

import os
import re
import wave
from pathlib import Path

import pytest

from skill.__main__ import main
from skill.simulator import speak
from skill.voice.ssml import break_lengths_ms
from tests.sockets.test_cli import environment, user  # noqa: F401 - `environment` is autouse
from tests.support.servers import need

NO_DEVICE = "--speak: no sound device (espeak-ng could not play: No such file or directory); "
WROTE = re.compile(r"^wrote (\S+): (\d+) repl(?:y|ies), (\d+\.\d) s$", re.MULTILINE)


def test_speak_without_espeak_says_how_to_get_it_and_exits_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setattr(speak, "espeak_path", lambda: None)
    assert main(["say", "--speak", "--user", user(request), "help"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [speak.INSTALL_HINT]
    assert "apt-get install espeak-ng" in captured.err
    assert "Alexa:" in captured.out  # the replies are printed all the same


def test_wav_without_espeak_says_how_to_get_it_and_sends_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(speak, "espeak_path", lambda: None)
    assert main(["say", "--wav", str(tmp_path / "a.wav"), "--user", user(request), "help"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [speak.install_hint("--wav")]
    assert "you>" not in captured.out
    assert not (tmp_path / "a.wav").exists()


def test_speak_plays_the_ssml_with_espeak(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    played: list[tuple[str, str]] = []
    monkeypatch.setattr(speak, "espeak_path", lambda: "/usr/bin/espeak-ng")
    monkeypatch.setattr(speak, "speak", lambda ssml, program: played.append((ssml, program)))
    assert main(["say", "--speak", "--user", user(request), "help"]) == 0
    assert played
    assert played[0][0].startswith("<speak>")
    assert played[0][1] == "/usr/bin/espeak-ng"


def fake_espeak(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """An espeak-ng first on PATH that runs script (sh)."""
    folder.mkdir()
    program = folder / "espeak-ng"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


ALSA_NOISE = """\
echo "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'" >&2
echo "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default" >&2
echo "error: No such file or directory" >&2"""


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (f"{ALSA_NOISE}\nexit 0", NO_DEVICE + "try --wav FILE"),  # what espeak-ng 1.51 does
        ("echo 'espeak-ng: broken' >&2; exit 3", "--speak: espeak-ng failed (exit status 3: "),
    ],
    ids=["no-device-exit-0", "exit-status"],
)
def test_speak_that_cannot_play_says_why_in_one_line_and_exits_1(
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    script: str,
    reason: str,
) -> None:
    fake_espeak(tmp_path / "bin", monkeypatch, script)
    assert main(["say", "--speak", "--user", user(request), "open", "help"]) == 1
    captured = capfd.readouterr()  # what reached the terminal, espeak-ng's own output included
    assert len(captured.err.splitlines()) == 1  # said once, not once a reply
    assert captured.err.startswith(reason)
    assert "ALSA lib" not in captured.err
    assert "you> help" in captured.out  # the run goes on, printed


def test_speak_with_no_sound_device_says_so_in_one_line_and_exits_1(
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    need("espeak-ng", "espeak-ng")
    (tmp_path / "asound.conf").write_text("")  # ALSA without a single device
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(tmp_path / "asound.conf"))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-pulse")  # and no sound server
    assert main(["say", "--speak", "--user", user(request), "help"]) == 1
    captured = capfd.readouterr()
    assert captured.err.splitlines() == [NO_DEVICE + "try --wav FILE"]
    assert "Alexa:" in captured.out


def wav(path: Path) -> tuple[tuple[int, int, int], float]:
    """A WAV file's format (channels, sample width, rate) and length in seconds."""
    with wave.open(str(path), "rb") as sound:
        shape = (sound.getnchannels(), sound.getsampwidth(), sound.getframerate())
        return shape, sound.getnframes() / sound.getframerate()


def test_wav_writes_every_reply_in_order_into_one_file(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    need("espeak-ng", "espeak-ng")
    lengths = []
    for replies, said in [(1, ["open"]), (2, ["open", "what routines are there"])]:
        path = tmp_path / f"{replies}.wav"
        assert main(["say", "--wav", str(path), "--user", user(request), "new", *said]) == 0
        found = WROTE.findall(capsys.readouterr().out)  # "new" sends nothing: no session is open
        assert [(where, int(count)) for where, count, _ in found] == [(str(path), replies)]
        shape, seconds = wav(path)
        assert shape == (speak.CHANNELS, speak.SAMPLE_WIDTH, speak.FRAME_RATE)
        assert float(found[0][2]) == round(seconds, 1) > 1  # said as the header has it
        lengths.append(seconds)
    assert lengths[1] > lengths[0] + 1  # two replies play longer than one


def test_wav_breaks_are_silence_of_their_length(
    capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    need("espeak-ng", "espeak-ng")
    path = tmp_path / "start.wav"
    said = ["say", "--ssml", "--wav", str(path), "--user", user(request)]
    assert main([*said, "start my lower back stretches"]) == 0
    ssml = capsys.readouterr().out.split("  ssml: ", 1)[1].split("\n", 1)[0]
    pauses = sum(break_lengths_ms(ssml)) / 1000
    assert pauses > 20  # the holds
    _, seconds = wav(path)
    assert pauses + 10 < seconds < pauses + 200  # the holds, and the words around them


def test_wav_to_a_folder_that_does_not_exist_sends_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(speak, "espeak_path", lambda: "/usr/bin/espeak-ng")
    target = tmp_path / "missing" / "a.wav"
    assert main(["say", "--wav", str(target), "--user", user(request), "open"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"--wav: cannot write {target}: No such file or directory"]
    assert "you>" not in captured.out


def test_wav_leaves_no_file_when_the_skill_cannot_be_reached(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(speak, "espeak_path", lambda: "/usr/bin/espeak-ng")
    target = tmp_path / "a.wav"
    assert main(["say", "--wav", str(target), "--url", "ftp://127.0.0.1/alexa", "open"]) == 1
    assert "--url must be http:// or https://" in capsys.readouterr().err
    assert not target.exists()
