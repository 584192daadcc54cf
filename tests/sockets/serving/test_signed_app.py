"""The signed app that gunicorn imports in each worker stays free of the test harness, so the
start-up time bench/load.py measures is the skill's, not pytest's."""

from __future__ import annotations

import subprocess
import sys

from tests.support.servers import ROOT


def test_the_signed_app_imports_no_test_harness() -> None:
    probe = (
        "import sys, tests.sockets.serving.signed_app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pytest', '_pytest'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
