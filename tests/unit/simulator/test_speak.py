"""The skill's SSML rewritten for espeak-ng, so that --speak and --wav last as long as Alexa."""

from __future__ import annotations

import pytest

from skill.simulator.cli import http_error
from skill.simulator.speak import espeak_ssml


@pytest.mark.parametrize(
    ("ssml", "expected"),
    [
        # espeak-ng keeps only one of a run of breaks: the run becomes one break of its sum
        (
            '<speak>Hold. <break time="10000ms"/> <break time="5000ms"/> Relax.</speak>',
            '<speak>Hold. <break time="15000ms"/> Relax.</speak>',
        ),
        ('<speak>A <break time="1.5s"/>B</speak>', '<speak>A <break time="1500ms"/> B</speak>'),
        # it scales a break inside <prosody rate> with the rate: breaks are taken out of it
        (
            '<speak><prosody rate="80%">Hold. <break time="5000ms"/> Relax.</prosody></speak>',
            '<speak><prosody rate="80%">Hold.</prosody> <break time="5000ms"/> '
            '<prosody rate="80%">Relax.</prosody></speak>',
        ),
        # and it says "dot" after a quotation mark before a full stop: quotation marks go,
        # apostrophes stay, and the text is escaped again
        (
            "<speak>Say &quot;next&quot;. You&apos;re done &amp; it&apos;s &apos;fine&apos;."
            "</speak>",
            "<speak>Say next. You're done &amp; it's fine.</speak>",
        ),
        (
            '<speak>Done. <break time="3000ms"/></speak>',
            '<speak>Done. <break time="3000ms"/></speak>',
        ),
        ("<speak></speak>", "<speak></speak>"),
    ],
)
def test_espeak_ssml(ssml: str, expected: str) -> None:
    assert espeak_ssml(ssml) == expected


def test_an_error_status_names_its_likely_cause() -> None:
    url = "http://127.0.0.1:5000/alexa"
    assert http_error(400, url).endswith("Start the server with ALEXA_VERIFY_REQUESTS=false")
    assert http_error(403, url).startswith(f"error: {url} answered HTTP 403 Forbidden: ")
    assert "is --url the skill's endpoint" in http_error(404, url)
    assert http_error(500, None) == (
        "error: the skill answered HTTP 500 Internal Server Error: see the skill's logs (--verbose)"
    )
    assert http_error(599, url) == f"error: {url} answered HTTP 599: see the skill's logs"
