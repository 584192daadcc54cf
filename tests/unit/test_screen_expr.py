"""APL data-binding as the preview and fit checks evaluate it (tools.screens.expr), and the
preview script writing its pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tools.screens.expr import ExpressionError, evaluate
from tools.screens.preview import main

NAMES: dict[str, Any] = {"data": {"n": 7, "list": [3, 4], "word": "hi"}, "t": 2500}
RESOURCES = {"big": "96dp", "ink": "#FFFFFF"}


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("${1 + 2 * 3}", 7),
        ("${(1 + 2) * 3}", 9),
        ("${data.n % 4}", 3),
        ("${-data.n + 10}", 3),
        ("${!false && true}", True),
        ("${false || data.word}", "hi"),
        ("${data.list[1] >= 4 ? 'yes' : 'no'}", "yes"),
        ("${data.n != 7 ? 'a' : data.n < 3 ? 'b' : 'c'}", "c"),
        ("${Math.ceil(t / 1000)}", 3),
        ("${Math.floor(t / 1000)} s", "2 s"),
        ("${Math.max(1, 2, data.n)}", 7),
        ("${Math.min(data.list[0], 9)}", 3),
        ("@big", "96dp"),
        ("${t > 0 ? @ink : @big}", "#FFFFFF"),
        ("Rep ${data.n} of ${data.list[0] + 7}", "Rep 7 of 10"),
        ("${data.missing.deeper}", None),
        ("${data.missing.deeper == null}", True),  # the rest of the expression is still read
        ("${data.missing.deeper != ''}", True),
        ("${true} and ${null}", "true and "),
        ("plain", "plain"),
        (12, 12),
    ],
)
def test_expressions_evaluate_as_apl_does(source: Any, value: Any) -> None:
    assert evaluate(source, NAMES, RESOURCES) == value


@pytest.mark.parametrize(
    "source",
    [
        "${nobody}",
        "@nothing",
        "${1 +}",
        "${1 # 2}",
        "${(1}",
        "${)}",
        "${1 2}",
        "${Math.pow(2)}",
        "${data.1}",
        "${data.>}",
    ],
)
def test_anything_outside_the_subset_is_an_error(source: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(source, NAMES, RESOURCES)


def test_the_preview_writes_its_pictures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert "step-hubRoundSmall.svg" in written
    assert len(capsys.readouterr().out.splitlines()) == len(written) == 4
