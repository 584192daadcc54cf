"""Builds the ask-sdk-core skill from the coach, its voice and the progress store."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.handlers import errors, questions, routine, safety, session
from skill.alexa.handlers.base import CoachHandler
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach
from skill.voice.speech import Voice


def request_handlers(turns: TurnRunner) -> list[AbstractRequestHandler]:
    """Every request handler, in the order they are tried; the catch-all comes last."""
    return [
        *routine.handlers(turns),
        *questions.handlers(turns),
        *session.handlers(turns),
        *safety.handlers(turns),
        errors.UnhandledRequestHandler(turns),
    ]


def handled_intents(handlers: list[AbstractRequestHandler]) -> set[str]:
    """The intent names the handlers answer by name."""
    return {name for h in handlers if isinstance(h, CoachHandler) for name in h.intents}


def build_skill(
    coach: Coach,
    adapter: AbstractPersistenceAdapter,
    clock: Callable[[], float],
) -> CustomSkill:
    """A CustomSkill with every handler, in the order they are tried."""
    turns = TurnRunner(coach, Voice(coach.catalog), clock)
    builder = CustomSkillBuilder(persistence_adapter=adapter)
    for handler in request_handlers(turns):
        builder.add_request_handler(handler)
    builder.add_exception_handler(errors.ApologyExceptionHandler(turns))
    return builder.create()
