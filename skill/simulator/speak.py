"""Replies aloud (--speak) or into a WAV file (--wav) with espeak-ng, when it is installed.

espeak-ng reads SSML (-m), but not quite as Alexa does: it shortens a run of breaks to one, it
stretches or shrinks a break inside <prosody rate> with the rate, and it says "dot" after a
quotation mark before a full stop. `espeak_ssml` rewrites the skill's SSML so that what espeak-ng
says lasts about as long as what Alexa would: each run of breaks becomes one break of their sum,
outside any prosody, and quotation marks go.

Played through a sound device that is not there, espeak-ng prints ALSA's complaints and an
`error:` line, and still exits 0: `speak` captures what it prints and raises SpeakError, one line.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import TextIO

from skill.voice.ssml import BREAK, break_ms

VOICE = "en-us"
SAMPLE_WIDTH, CHANNELS, FRAME_RATE = 2, 1, 22050  # espeak-ng's own WAV format, for an empty file


def install_hint(option: str = "--speak") -> str:
    """One line: espeak-ng is missing, and how to get it."""
    return (
        f"{option} needs espeak-ng, which is not on PATH. Install it with "
        "`sudo apt-get install espeak-ng` (Debian/Ubuntu) or `brew install espeak-ng` (macOS)."
    )


INSTALL_HINT = install_hint()


class SpeakError(Exception):
    """espeak-ng could not play or write a reply; the message is one line."""


def espeak_path() -> str | None:
    """Where espeak-ng is, or None."""
    return shutil.which("espeak-ng")


_TOKEN = re.compile(r"<[^>]*>|[^<]+")
_PROSODY = re.compile(r"<prosody\b[^>]*\brate=\"([^\"]+)\"[^>]*>")
_QUOTES = re.compile(r"[\"“”„‘]|(?<![A-Za-z])['’]|['’](?![A-Za-z])")


def espeak_ssml(ssml: str) -> str:
    """The skill's SSML as espeak-ng should read it (see the module's doc): breaks merged and
    taken out of prosody, quotation marks dropped, other tags dropped, text escaped again."""
    parts: list[str] = []
    rates: list[str] = []
    silence_ms = 0.0
    for token in _TOKEN.findall(ssml):
        if token.startswith("<"):
            pause = BREAK.fullmatch(token)
            if pause:
                silence_ms += break_ms(*pause.groups())
            elif prosody := _PROSODY.fullmatch(token):
                rates.append(prosody.group(1))
            elif token.startswith("</prosody") and rates:
                rates.pop()
            continue
        text = " ".join(_QUOTES.sub("", html.unescape(token)).split())
        if not text:
            continue
        if silence_ms:
            parts.append(f'<break time="{round(silence_ms)}ms"/>')
            silence_ms = 0.0
        text = html.escape(text, quote=False)
        parts.append(f'<prosody rate="{rates[-1]}">{text}</prosody>' if rates else text)
    if silence_ms:
        parts.append(f'<break time="{round(silence_ms)}ms"/>')
    return "<speak>" + " ".join(parts) + "</speak>"


def _espeak(program: str, ssml: str, *extra: str) -> tuple[int, str | None]:
    """Run espeak-ng on the SSML; its exit status and the last `error` line it printed."""
    command = [program, "-v", VOICE, *extra, "-m", espeak_ssml(ssml)]
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, SSML as one argument
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise SpeakError(f"cannot run {program}: {exc.strerror or exc}") from exc
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    said = errors[-1] if errors else (lines[-1] if lines and done.returncode else None)
    if said and said.lower().startswith("error:"):
        said = said[len("error:") :].strip()
    return done.returncode, said


def speak(ssml: str, program: str) -> None:
    """Say the SSML (breaks included) on the sound device; waits until it is done. Raises
    SpeakError, one line, when espeak-ng could not play it (espeak-ng's noise is kept back)."""
    status, error = _espeak(program, ssml)
    if status != 0:
        detail = f"exit status {status}" + (f": {error}" if error else "")
        raise SpeakError(f"--speak: espeak-ng failed ({detail}); try --wav FILE")
    if error is not None:
        raise SpeakError(
            f"--speak: no sound device (espeak-ng could not play: {error}); try --wav FILE"
        )


def wav_seconds(path: Path) -> float:
    """How long a WAV file plays, from its header."""
    with wave.open(str(path), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


class Recording:
    """The replies of a run, in order, in one WAV file: each is spoken by espeak-ng into a
    temporary file, whose frames are appended (all of espeak-ng's files share one format)."""

    def __init__(self, path: Path, program: str) -> None:
        self.path = path
        self.program = program
        self.replies = 0
        self._file = path.open("wb")  # an unwritable path fails now, before anything is said
        self._out = wave.open(self._file, "wb")  # noqa: SIM115 - closed by close()
        self._params: tuple[int, int, int] | None = None

    def add(self, ssml: str) -> None:
        """Append the SSML, spoken. Raises SpeakError when espeak-ng could not write it."""
        handle, name = tempfile.mkstemp(suffix=".wav", prefix="back-coach-")
        os.close(handle)
        clip = Path(name)
        try:
            status, error = _espeak(self.program, ssml, "-w", str(clip))
            if status != 0 or not clip.stat().st_size:
                detail = f"exit status {status}" + (f": {error}" if error else "")
                raise SpeakError(f"--wav: espeak-ng could not write speech ({detail})")
            with wave.open(str(clip), "rb") as sound:
                params = (sound.getnchannels(), sound.getsampwidth(), sound.getframerate())
                frames = sound.readframes(sound.getnframes())
        finally:
            clip.unlink(missing_ok=True)
        if self._params is None:
            self._params = params
            self._out.setnchannels(params[0])
            self._out.setsampwidth(params[1])
            self._out.setframerate(params[2])
        elif params != self._params:
            raise SpeakError(f"--wav: espeak-ng changed format mid-run ({params})")
        self._out.writeframes(frames)
        self.replies += 1

    def close(self) -> float:
        """Finish the file (a valid, empty one when nothing was said); its length in seconds."""
        if self._params is None:
            self._out.setnchannels(CHANNELS)
            self._out.setsampwidth(SAMPLE_WIDTH)
            self._out.setframerate(FRAME_RATE)
        self._out.close()
        self._file.close()
        return wav_seconds(self.path)

    def discard(self) -> None:
        """Close and remove the file (after a failure: a partial recording would mislead)."""
        try:
            self.close()
        finally:
            self.path.unlink(missing_ok=True)


class Voice:
    """What --speak and --wav do with each reply of one run. A failure is said once, on stderr,
    and stops that output for the rest of the run; `failed` then makes the run exit 1."""

    def __init__(self, program: str | None, *, play: bool, recording: Recording | None) -> None:
        self.program = program
        self.play = play and program is not None
        self.recording = recording
        self.failed = False

    def reply(self, ssml: str) -> None:
        """Play and/or record one reply."""
        if self.play and self.program is not None:
            try:
                speak(ssml, self.program)
            except SpeakError as exc:
                self._fail(str(exc))
                self.play = False
        if self.recording is not None:
            try:
                self.recording.add(ssml)
            except SpeakError as exc:
                self._fail(f"{exc}; {self.recording.path} not written")
                self.recording.discard()
                self.recording = None

    def finish(self, out: TextIO) -> None:
        """Close the WAV file, saying where it is and how long it plays."""
        if self.recording is None:
            return
        recording, self.recording = self.recording, None
        seconds = recording.close()
        count = f"{recording.replies} repl{'y' if recording.replies == 1 else 'ies'}"
        print(f"\nwrote {recording.path}: {count}, {seconds:.1f} s", file=out)

    def abandon(self) -> None:
        """Remove the WAV file: the run ended before anything was sent."""
        if self.recording is not None:
            self.recording.discard()
            self.recording = None

    def _fail(self, reason: str) -> None:
        print(reason, file=sys.stderr)
        self.failed = True
