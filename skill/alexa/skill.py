"""Builds the ask-sdk-core skill from the coach, its voice and the progress store."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.handlers import errors, questions, routine, safety, session
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach
from skill.voice.speech import Voice


def build_skill(
    coach: Coach,
    adapter: AbstractPersistenceAdapter,
    clock: Callable[[], float],
) -> CustomSkill:
    """A CustomSkill with every handler, in the order they are tried."""
    turns = TurnRunner(coach, Voice(coach.catalog), clock)
    builder = CustomSkillBuilder(persistence_adapter=adapter)
    for handler in (
        *routine.handlers(turns),
        *questions.handlers(turns),
        *session.handlers(turns),
        *safety.handlers(turns),
        errors.UnhandledRequestHandler(turns),
    ):
        builder.add_request_handler(handler)
    builder.add_exception_handler(errors.ApologyExceptionHandler(turns))
    return builder.create()
