"""SSML rendering and audio estimates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from skill.voice.ssml import (
    SECONDS_PER_SENTENCE_END,
    SECONDS_PER_WORD,
    Pause,
    Say,
    escape,
    render,
    speech_seconds,
    ssml_seconds,
)


def test_text_is_escaped_so_the_ssml_stays_well_formed() -> None:
    ssml = render([Say('Tom & Jerry say "<hi>" it\'s fine')])
    root = ET.fromstring(ssml)  # noqa: S314 - parsing our own output
    assert root.text == 'Tom & Jerry say "<hi>" it\'s fine'


def test_escape_covers_every_xml_special_character() -> None:
    assert escape("&<>\"'") == "&amp;&lt;&gt;&quot;&apos;"


def test_long_silence_is_split_into_breaks_of_ten_seconds_at_most() -> None:
    ssml = render([Pause(25_000)])
    assert ssml == (
        '<speak><break time="10000ms"/> <break time="10000ms"/> <break time="5000ms"/></speak>'
    )


def test_estimate_counts_words_sentence_ends_and_breaks() -> None:
    ssml = render([Say("One two three."), Pause(2_000)])
    assert ssml_seconds(ssml) == pytest.approx(
        3 * SECONDS_PER_WORD + SECONDS_PER_SENTENCE_END + 2.0
    )


def test_speech_estimate_grows_with_words() -> None:
    assert speech_seconds("hold it there") < speech_seconds("hold it there for a little longer")
