"""The table of what each request runs on the coach, and the one handler that uses it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from skill.alexa.turns import TurnRunner
from skill.domain.coach import Action, Coach


@dataclass(frozen=True)
class Route:
    """A coach action, and whether it needs the person's saved progress to make sense.

    When saved progress cannot be read at the start of a session, a route that needs it answers
    "I can't reach your saved progress"; one that does not (start, help, stop) goes ahead."""

    action: Action
    needs_saved_state: bool = True


LAUNCH = Route(Coach.launch)
FALLBACK = Route(Coach.fallback, needs_saved_state=False)  # also every intent not listed below
_STOP = Route(Coach.stop, needs_saved_state=False)

INTENTS: Mapping[str, Route] = {
    # starting and moving through a routine
    "StartRoutineIntent": Route(Coach.start, needs_saved_state=False),
    "QuickRoutineIntent": Route(Coach.quick, needs_saved_state=False),
    "AMAZON.NextIntent": Route(Coach.next),
    "AMAZON.RepeatIntent": Route(Coach.repeat),
    "AMAZON.PreviousIntent": Route(Coach.previous),
    "SkipIntent": Route(Coach.skip),
    "AMAZON.StartOverIntent": Route(Coach.start_over),
    # questions: none of these move the place
    "HoldDurationIntent": Route(Coach.hold_info),
    "ExplainMoveIntent": Route(Coach.purpose),
    "WhereAmIIntent": Route(Coach.where_am_i),
    "ListRoutinesIntent": Route(Coach.list_routines, needs_saved_state=False),
    "TimeLeftIntent": Route(Coach.time_left),
    # the person over days: how they are doing, and what to do today
    "ProgressIntent": Route(Coach.progress),
    "TodayIntent": Route(Coach.today),
    # how it is delivered, remembered for next time
    "SlowerIntent": Route(Coach.slower),
    "FasterIntent": Route(Coach.faster),
    "NormalPaceIntent": Route(Coach.normal_pace),
    "LongerHoldsIntent": Route(Coach.longer_holds),
    "ShorterHoldsIntent": Route(Coach.shorter_holds),
    "NormalHoldsIntent": Route(Coach.normal_holds),
    # what is kept about them, and forgetting it
    "WhatDoYouKeepIntent": Route(Coach.what_we_keep),
    "ForgetMeIntent": Route(Coach.forget_me),  # with the store unreachable: "try again"
    # pausing, resuming, answering, leaving
    "AMAZON.PauseIntent": Route(Coach.pause),
    "AMAZON.ResumeIntent": Route(Coach.resume),
    "AMAZON.YesIntent": Route(Coach.yes),
    "AMAZON.NoIntent": Route(Coach.no),
    "AMAZON.StopIntent": _STOP,
    "AMAZON.CancelIntent": _STOP,
    "AMAZON.NavigateHomeIntent": _STOP,
    "DoneForTodayIntent": _STOP,
    "WaitIntent": Route(Coach.wait, needs_saved_state=False),
    # safety and getting unstuck
    "PainIntent": Route(Coach.pain, needs_saved_state=False),
    "WarningSignsIntent": Route(Coach.warning_signs, needs_saved_state=False),
    "TooHardIntent": Route(Coach.too_hard),
    "AMAZON.HelpIntent": Route(Coach.help, needs_saved_state=False),
    "AMAZON.FallbackIntent": FALLBACK,
}


class CoachHandler(AbstractRequestHandler):
    """Every LaunchRequest and IntentRequest: look the route up and run it as one turn."""

    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """Launches and intents; an intent missing from the table is treated as not understood."""
        return bool(
            is_request_type("LaunchRequest")(handler_input)
            or is_request_type("IntentRequest")(handler_input)
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        """Run the route's action."""
        if is_request_type("LaunchRequest")(handler_input):
            route = LAUNCH
        else:
            route = INTENTS.get(str(get_intent_name(handler_input)), FALLBACK)
        return self.turns.run(handler_input, route.action, route.needs_saved_state)
