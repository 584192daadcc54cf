"""Playing a reply aloud with espeak-ng, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

INSTALL_HINT = (
    "--speak needs espeak-ng, which is not on PATH. Install it with "
    "`sudo apt-get install espeak-ng` (Debian/Ubuntu) or `brew install espeak-ng` (macOS)."
)


def espeak_path() -> str | None:
    """Where espeak-ng is, or None."""
    return shutil.which("espeak-ng")


def speak(ssml: str, program: str) -> None:
    """Say the SSML (breaks included) with espeak-ng's SSML mode; waits until it is done."""
    subprocess.run([program, "-v", "en-us", "-m", ssml], check=False)  # noqa: S603 - fixed program, SSML as one argument
