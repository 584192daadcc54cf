"""Builds the ask-sdk-core skill from the coach and the person store."""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.apis import AlexaApi
from skill.alexa.handlers import can_fulfill, errors, intents, lifecycle, reminders, touch
from skill.alexa.reminders import Reminders
from skill.alexa.turns import TurnRunner
from skill.domain.coach import Coach
from skill.store.repository import PersonRepository


def request_handlers(turns: TurnRunner) -> list[AbstractRequestHandler]:
    """Every request handler, in the order they are tried; the catch-all comes last. The
    reminders' come before the coach's, which takes every other intent; the rest each take
    request types of their own, so the ones nearly every request is for go first."""
    return [
        reminders.ReminderHandler(turns, Reminders(turns.api)),
        intents.CoachHandler(turns),
        can_fulfill.CanFulfillHandler(turns.coach.catalog),
        touch.TouchHandler(turns),
        lifecycle.SessionEndedHandler(turns),
        lifecycle.SkillDisabledHandler(turns),
        lifecycle.ExceptionEncounteredHandler(),
        lifecycle.OtherRequestHandler(),
    ]


def handled_intents() -> set[str]:
    """The intent names the skill answers by name."""
    return set(intents.INTENTS) | set(reminders.INTENTS)


def build_skill(
    coach: Coach,
    people: PersonRepository,
    clock: Callable[[], float],
    api: AlexaApi | None = None,
) -> CustomSkill:
    """A CustomSkill with every handler, in the order they are tried."""
    turns = TurnRunner(coach, clock, people, api)
    builder = CustomSkillBuilder()  # a person's data goes through turns.store, not ask-sdk
    for handler in request_handlers(turns):
        builder.add_request_handler(handler)
    builder.add_exception_handler(errors.ApologyExceptionHandler(turns))
    return builder.create()
