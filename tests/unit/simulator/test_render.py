"""Replies are readable: pauses as [N s], the reprompt, whether the session ended, duration."""

from __future__ import annotations

import pytest

from skill.simulator.render import (
    answer_of,
    format_answer,
    pause_label,
    readable,
    seconds_label,
)
from skill.voice.ssml import SECONDS_PER_SENTENCE_END, SECONDS_PER_WORD, Pause, Say, render


def _body(ssml: str, reprompt: str | None = None, ends: bool = False) -> dict[str, object]:
    response: dict[str, object] = {
        "outputSpeech": {"type": "SSML", "ssml": ssml},
        "shouldEndSession": ends,
    }
    if reprompt:
        response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": reprompt}}
    return {"version": "1.0", "response": response}


def test_breaks_are_shown_as_seconds_in_brackets() -> None:
    ssml = render([Say("Hold for thirty seconds."), Pause(25_000), Say("Release.")])
    assert readable(ssml) == "Hold for thirty seconds. [10 s] [10 s] [5 s] Release."


def test_fractional_and_second_unit_breaks() -> None:
    assert readable('<speak>a <break time="600ms"/> b <break time="2.5s"/> c</speak>') == (
        "a [0.6 s] b [2.5 s] c"
    )
    assert pause_label(10_000) == "[10 s]"
    assert pause_label(1_500) == "[1.5 s]"


def test_escaped_text_reads_as_spoken() -> None:
    assert readable("<speak>Say &quot;next&quot; &amp; don&apos;t rush</speak>") == (
        'Say "next" & don\'t rush'
    )


def test_a_reply_carries_reprompt_ending_and_an_estimate() -> None:
    reply = answer_of(
        _body(
            '<speak>one two three four five. <break time="10s"/></speak>',
            "<speak>Say next.</speak>",
        )
    )
    assert reply.text == "one two three four five. [10 s]"
    assert reply.reprompt == "Say next."
    assert not reply.ends_session
    assert reply.seconds == pytest.approx(5 * SECONDS_PER_WORD + SECONDS_PER_SENTENCE_END + 10)


def test_a_closing_reply_is_shown_as_ended_without_reprompt() -> None:
    shown = format_answer(answer_of(_body("<speak>Bye for now.</speak>", ends=True)))
    assert "Alexa: Bye for now." in shown
    assert "reprompt" not in shown
    assert "session ended" in shown


def test_an_open_reply_shows_its_reprompt_and_duration() -> None:
    body = _body(
        '<speak>Hold. <break time="5000ms"/> And relax.</speak>', "<speak>Say next.</speak>"
    )
    shown = format_answer(answer_of(body))
    assert "Alexa: Hold. [5 s] And relax." in shown
    assert "reprompt: Say next." in shown
    assert "session open" in shown
    assert "about 7 s to say" in shown
    assert "<speak>" not in shown
    assert '<break time="5000ms"/>' in format_answer(answer_of(body), show_ssml=True)


def test_durations_past_a_minute_are_in_minutes() -> None:
    assert seconds_label(125.4) == "about 2 min 5 s"
    assert seconds_label(8.6) == "about 9 s"


def test_a_response_without_speech_reads_as_silence() -> None:
    reply = answer_of({"version": "1.0", "response": {}})
    assert reply.ssml == ""
    assert reply.seconds == 0
    assert "says nothing" in format_answer(reply)
