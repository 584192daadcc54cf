"""Narrating a step is pure, so the voice narrates each (step, lead, disclaimer) once."""

from __future__ import annotations

from pathlib import Path

from skill.catalog import load_catalog
from skill.domain.replies import Lead, Narrate
from skill.voice import speech
from skill.voice.narration import narrate_step, step_prompt
from skill.voice.speech import Voice
from skill.voice.ssml import Say, render

ROOT = Path(__file__).resolve().parent.parent


def test_a_step_is_narrated_once_and_reused_word_for_word() -> None:
    catalog = load_catalog(ROOT / "content")
    voice = Voice(catalog)
    step = catalog.routines[0].steps[1]
    reply = Narrate(step=step, lead=Lead.AGAIN, disclaimer=False)
    first = voice.say(reply)
    before = speech._narration.cache_info()
    again = voice.say(reply)
    after = speech._narration.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses
    assert again == first
    assert first.ssml == render(narrate_step(step, Lead.AGAIN))
    assert first.reprompt == render([Say(step_prompt(step)[1])])


def test_lead_and_disclaimer_are_part_of_what_is_reused() -> None:
    catalog = load_catalog(ROOT / "content")
    voice = Voice(catalog)
    step = catalog.routines[0].steps[0]
    plain = voice.say(Narrate(step=step, lead=Lead.FIRST, disclaimer=False))
    noted = voice.say(Narrate(step=step, lead=Lead.FIRST, disclaimer=True))
    again = voice.say(Narrate(step=step, lead=Lead.AGAIN, disclaimer=False))
    assert len({plain.ssml, noted.ssml, again.ssml}) == 3
    assert noted.ssml.endswith(plain.ssml.removeprefix("<speak>"))
