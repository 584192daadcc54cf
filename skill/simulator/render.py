"""A skill response made readable: speech with pauses as `[10 s]`, reprompt, ended, duration."""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from skill.voice.ssml import BREAK, TAG, break_ms, ssml_seconds

WIDTH = 100


@dataclass(frozen=True)
class Answer:
    """What the skill answered, as Alexa would play it."""

    ssml: str
    reprompt_ssml: str | None
    ends_session: bool
    # The token of a voice permission request (Connections.SendRequest "AskFor"): Alexa takes the
    # turn to ask, then the session goes on.
    permission_token: str | None = None

    @property
    def hands_over(self) -> bool:
        """Whether Alexa takes the next turn itself (to ask for a permission)."""
        return self.permission_token is not None

    @property
    def text(self) -> str:
        """The speech as text, pauses shown as `[N s]`."""
        return readable(self.ssml)

    @property
    def reprompt(self) -> str | None:
        """The reprompt as text, if there is one."""
        return readable(self.reprompt_ssml) if self.reprompt_ssml else None

    @property
    def seconds(self) -> float:
        """About how long Alexa takes to say the speech, pauses included."""
        return ssml_seconds(self.ssml) if self.ssml else 0.0


def answer_of(body: Any) -> Answer:
    """The Answer in a response envelope (empty speech when it has none)."""
    response = body.get("response", {}) if isinstance(body, dict) else {}
    speech = response.get("outputSpeech") or {}
    reprompt = (response.get("reprompt") or {}).get("outputSpeech") or {}
    return Answer(
        ssml=_ssml(speech),
        reprompt_ssml=_ssml(reprompt) or None,
        ends_session=bool(response.get("shouldEndSession")),
        permission_token=_permission_token(response.get("directives") or []),
    )


def _permission_token(directives: list[Any]) -> str | None:
    for directive in directives:
        if not isinstance(directive, dict):
            continue
        if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
            return str(directive.get("token") or "")
    return None


def _ssml(speech: dict[str, Any]) -> str:
    if speech.get("type") == "PlainText":
        return f"<speak>{html.escape(str(speech.get('text', '')))}</speak>"
    return str(speech.get("ssml", ""))


def pause_label(ms: float) -> str:
    """`[10 s]` for 10000 ms, `[2.5 s]` for 2500 ms."""
    value = round(ms / 1000, 1)
    number = f"{value:g}" if value >= 0.1 else "0.1"
    return f"[{number} s]"


def readable(ssml: str) -> str:
    """SSML as plain text: breaks become `[N s]`, tags go, entities are decoded."""

    def brk(found: re.Match[str]) -> str:
        return f" {pause_label(break_ms(*found.groups()))} "

    text = TAG.sub(" ", BREAK.sub(brk, ssml))
    return " ".join(html.unescape(text).split())


def seconds_label(seconds: float) -> str:
    """`about 12 s`, or `about 2 min 5 s` past a minute."""
    whole = round(seconds)
    if whole < 60:
        return f"about {whole} s"
    return f"about {whole // 60} min {whole % 60} s"


def format_answer(answer: Answer, *, show_ssml: bool = False, width: int = WIDTH) -> str:
    """The answer as lines for a terminal."""
    lines = []
    if answer.ssml:
        lines.append(
            textwrap.fill(answer.text, width, initial_indent="Alexa: ", subsequent_indent="       ")
        )
    else:
        lines.append("Alexa: (says nothing)")
    if show_ssml and answer.ssml:
        lines.append(f"  ssml: {answer.ssml}")
    if answer.reprompt is not None:
        lines.append(
            textwrap.fill(
                answer.reprompt,
                width,
                initial_indent="  reprompt: ",
                subsequent_indent="            ",
            )
        )
        if show_ssml and answer.reprompt_ssml:
            lines.append(f"  reprompt ssml: {answer.reprompt_ssml}")
    state = "session ended" if answer.ends_session else "session open, listening"
    if answer.hands_over:
        state = "Alexa takes the turn, then the session goes on"
    lines.append(f"  ({state} · {seconds_label(answer.seconds)} to say)")
    return "\n".join(lines)
