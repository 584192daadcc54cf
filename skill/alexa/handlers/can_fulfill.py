"""Name-free interaction: Alexa asks, before choosing a skill for "start my lower back
stretches", whether this skill can serve it. The answer reads nothing and writes nothing: no
Redis, no session; it only looks at the intent, its slot and the catalog."""

from __future__ import annotations

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.canfulfill.can_fulfill_intent import CanFulfillIntent
from ask_sdk_model.canfulfill.can_fulfill_intent_request import CanFulfillIntentRequest
from ask_sdk_model.canfulfill.can_fulfill_intent_values import CanFulfillIntentValues
from ask_sdk_model.canfulfill.can_fulfill_slot import CanFulfillSlot
from ask_sdk_model.canfulfill.can_fulfill_slot_values import CanFulfillSlotValues
from ask_sdk_model.canfulfill.can_understand_slot_values import CanUnderstandSlotValues
from ask_sdk_model.response import Response

from skill.alexa.request import ROUTINE_SLOT, spoken_routine
from skill.domain.routines import Catalog

# Only a start (of a routine or its quick version), "what routines are there", "what should I do
# today" and "how am I doing" make sense said to any skill with nothing under way (the last two
# start a session that offers today's routine). Everything else (next, repeat, pause...) only
# means something inside a session with this skill, so the answer is NO rather than claiming words
# other skills own.


SESSION_STARTERS = frozenset({"ListRoutinesIntent", "TodayIntent", "ProgressIntent"})


class CanFulfillHandler(AbstractRequestHandler):
    """CanFulfillIntentRequest: YES, MAYBE or NO for the intent, and each slot's understanding."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def can_handle(self, handler_input: HandlerInput) -> bool:
        """CanFulfillIntentRequest only."""
        return bool(is_request_type("CanFulfillIntentRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        """The answer, built from the request alone."""
        request = handler_input.request_envelope.request
        assert isinstance(request, CanFulfillIntentRequest)
        intent = request.intent
        name = intent.name if intent is not None else None
        answer = CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO)
        if name in SESSION_STARTERS:
            answer = CanFulfillIntent(can_fulfill=CanFulfillIntentValues.YES)
        elif name in ("StartRoutineIntent", "QuickRoutineIntent"):
            answer = self._start(handler_input)
        return handler_input.response_builder.set_can_fulfill_intent(answer).response

    def _start(self, handler_input: HandlerInput) -> CanFulfillIntent:
        heard = spoken_routine(handler_input)
        if heard is None:  # "start my stretches": which one is asked next
            return CanFulfillIntent(can_fulfill=CanFulfillIntentValues.MAYBE)
        known = self.catalog.find(heard) is not None
        slot = CanFulfillSlot(
            can_understand=CanUnderstandSlotValues.YES if known else CanUnderstandSlotValues.MAYBE,
            can_fulfill=CanFulfillSlotValues.YES if known else CanFulfillSlotValues.NO,
        )
        verdict = CanFulfillIntentValues.YES if known else CanFulfillIntentValues.MAYBE
        return CanFulfillIntent(can_fulfill=verdict, slots={ROUTINE_SLOT: slot})
