"""How well the speaking-time estimate matches real speech at about 160 words a minute.

Every distinct sentence the routines say (cues, releases, counts, lead-ins, setups) is spoken
by espeak-ng at 160 words a minute and timed with sox, and compared with the estimate that
budgets holds (skill.voice.ssml.speech_seconds). espeak-ng pads each clip with a little silence,
so the measured figure is a slight over-estimate of the speech itself.

    sudo apt-get install espeak-ng sox
    .venv/bin/python bench/speech_rate.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from skill.catalog import load_catalog
from skill.domain.replies import Lead
from skill.voice.narration import narrate_step
from skill.voice.ssml import Say, speech_seconds

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = "160"


def spoken_seconds(text: str, folder: Path, espeak: str, soxi: str) -> float:
    """How long espeak-ng takes to say text."""
    wav = folder / "clip.wav"
    subprocess.run([espeak, "-s", WORDS_PER_MINUTE, "-w", str(wav), text], check=True)
    out = subprocess.run([soxi, "-D", str(wav)], check=True, capture_output=True, text=True)
    return float(out.stdout)


def main() -> int:
    """Print estimate against measurement for every distinct sentence the routines say."""
    espeak, soxi = shutil.which("espeak-ng"), shutil.which("soxi")
    if espeak is None or soxi is None:
        print("needs espeak-ng and sox: sudo apt-get install espeak-ng sox", file=sys.stderr)
        return 2
    catalog = load_catalog(ROOT / "content")
    texts = sorted(
        {
            s.text
            for routine in catalog.routines
            for step in routine.steps
            for s in narrate_step(step, Lead.NEXT)
            if isinstance(s, Say)
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        measured = [spoken_seconds(t, Path(folder), espeak, soxi) for t in texts]
    estimated = [speech_seconds(t) for t in texts]
    short = [(e, m) for t, e, m in zip(texts, estimated, measured, strict=True) if len(t) < 30]
    print(f"{len(texts)} distinct sayings at {WORDS_PER_MINUTE} words a minute")
    print(
        f"all: estimated {sum(estimated):.0f} s, espeak-ng {sum(measured):.0f} s, "
        f"ratio {sum(measured) / sum(estimated):.2f}"
    )
    print(
        f"short cues (under 30 characters, {len(short)}): estimated "
        f"{sum(e for e, _ in short):.0f} s, espeak-ng {sum(m for _, m in short):.0f} s, "
        f"ratio {sum(m for _, m in short) / sum(e for e, _ in short):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
