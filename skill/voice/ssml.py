"""Speech as segments, rendered to SSML, with an estimate of how long it takes to say."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MAX_BREAK_MS = 10_000  # Alexa's longest single <break>
MAX_SSML_CHARS = 8_000  # Alexa's limit for outputSpeech SSML
MAX_SPOKEN_BACK_CHARS = 60  # the most of a person's own words we ever say back
MAX_AUDIO_SECONDS = 240.0  # Alexa's limit for the audio of one response
SECONDS_PER_WORD = 60 / 160  # a normal speaking rate: about 160 words a minute
SECONDS_PER_SENTENCE_END = 0.3  # the pause Alexa leaves after . ! ? and before a new sentence


@dataclass(frozen=True)
class Say:
    """Words to speak."""

    text: str


@dataclass(frozen=True)
class Pause:
    """Silence, in milliseconds."""

    ms: int


Segment = Say | Pause


# Characters XML 1.0 forbids (C0 controls but tab, CR, LF; lone surrogates; U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;"))


def escape(text: str) -> str:
    """Text made safe to place inside SSML: characters XML forbids dropped, markup escaped
    (ampersands first; a character only looked for, not replaced, where the text has none:
    every segment of every answer comes through here)."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    for char, entity in _ENTITIES:
        if char in text:
            text = text.replace(char, entity)
    return text


def spoken_back(text: str, fallback: str = "that") -> str:
    """A person's own words, fit to say back: XML-forbidden characters dropped, whitespace
    collapsed, and cut at a word to at most MAX_SPOKEN_BACK_CHARS (fallback when nothing is
    left). Escaped later, like all text, by render()."""
    words = " ".join(_NOT_XML.sub("", text).split())
    if len(words) > MAX_SPOKEN_BACK_CHARS:
        cut = words[: MAX_SPOKEN_BACK_CHARS + 1].rsplit(" ", 1)[0]
        words = cut if 0 < len(cut) <= MAX_SPOKEN_BACK_CHARS else words[:MAX_SPOKEN_BACK_CHARS]
    return words or fallback


def render(segments: Iterable[Segment], rate: float = 1.0) -> str:
    """SSML for the segments: text escaped, silences as breaks of at most ten seconds; spoken at
    `rate` times the usual speed (a prosody rate; breaks keep their length)."""
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, Say):
            if segment.text.strip():
                parts.append(escape(" ".join(segment.text.split())))
        else:
            remaining = segment.ms
            while remaining > 0:
                chunk = min(remaining, MAX_BREAK_MS)
                parts.append(f'<break time="{chunk}ms"/>')
                remaining -= chunk
    body = " ".join(parts)
    if rate != 1.0:
        body = f'<prosody rate="{round(rate * 100)}%">{body}</prosody>'
    return "<speak>" + body + "</speak>"


@lru_cache(maxsize=8192)
def speech_seconds(text: str) -> float:
    """How long Alexa takes to say plain text, estimated (remembered: content checks at
    start-up measure the same cues and lines thousands of times)."""
    word_count = len(re.findall(r"[A-Za-z0-9']+", text))
    sentence_ends = len(re.findall(r"[.!?](?:\s|$)", text))
    return word_count * SECONDS_PER_WORD + sentence_ends * SECONDS_PER_SENTENCE_END


def segments_seconds(segments: Iterable[Segment], rate: float = 1.0) -> float:
    """How long the segments take to say at `rate` times the usual speed, silences included."""
    return sum(
        speech_seconds(s.text) / rate if isinstance(s, Say) else s.ms / 1000 for s in segments
    )


PROSODY_RATE = re.compile(r'<prosody\s+rate="(\d+)%"')
BREAK = re.compile(  # a rendered break: its length and unit
    r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>'
)
TAG = re.compile(r"<[^>]+>")


def break_ms(value: str, unit: str) -> float:
    """A rendered break's length in milliseconds, from BREAK's two groups."""
    return float(value) * (1 if unit == "ms" else 1000)


def ssml_seconds(ssml: str) -> float:
    """How long rendered SSML takes to say: its words plus its breaks."""
    silence = sum(break_lengths_ms(ssml)) / 1000
    text = html.unescape(TAG.sub(" ", ssml))  # "&quot;" is a quotation mark, not a word
    rate = PROSODY_RATE.search(ssml)
    return silence + speech_seconds(text) / (int(rate[1]) / 100 if rate else 1.0)


def break_lengths_ms(ssml: str) -> list[float]:
    """The length of every break in rendered SSML, in milliseconds."""
    return [break_ms(value, unit) for value, unit in BREAK.findall(ssml)]
