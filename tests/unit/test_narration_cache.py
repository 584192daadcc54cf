"""Narrating a step is pure, so the voice narrates each (step, lead, disclaimer, easier) once."""

from __future__ import annotations

from skill.domain.replies import Lead, Narrate
from skill.voice import speech
from skill.voice.narration import narrate_step, step_prompt
from skill.voice.ssml import Say, render
from tests.support.speech import content_catalog


def test_a_step_is_narrated_once_and_reused_word_for_word() -> None:
    step = content_catalog().routines[0].steps[1]
    reply = Narrate(step=step, lead=Lead.AGAIN, disclaimer=False)
    first = speech.say(reply)
    before = speech._narration.cache_info()
    again = speech.say(reply)
    after = speech._narration.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses
    assert again is first
    assert first.ssml == render(narrate_step(step, Lead.AGAIN))
    assert first.reprompt_ssml == render([Say(step_prompt(step)[1])])


def test_lead_disclaimer_and_the_easier_way_are_part_of_what_is_reused() -> None:
    step = content_catalog().routines[0].steps[0]
    plain = speech.say(Narrate(step=step, lead=Lead.FIRST, disclaimer=False))
    noted = speech.say(Narrate(step=step, lead=Lead.FIRST, disclaimer=True))
    again = speech.say(Narrate(step=step, lead=Lead.AGAIN, disclaimer=False))
    assert len({plain.ssml, noted.ssml, again.ssml}) == 3
    assert noted.ssml.endswith(plain.ssml.removeprefix("<speak>"))
    hard = next(s for s in content_catalog().routines[0].steps if s.part.easier() is not None)
    normal = speech.say(Narrate(step=hard, lead=Lead.AGAIN))
    easier = speech.say(Narrate(step=hard, lead=Lead.AGAIN, easier=True))
    assert normal.ssml != easier.ssml
