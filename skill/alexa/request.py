"""What a request says beyond its type: the routine a person named, and the locale it was spoken
in."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.canfulfill.can_fulfill_intent_request import CanFulfillIntentRequest
from ask_sdk_model.intent_request import IntentRequest

ROUTINE_SLOT = "routine"


def spoken_routine(handler_input: HandlerInput) -> str | None:
    """The routine slot of an intent (or of Alexa's name-free question about one): the resolved
    id when Alexa matched one, else what was heard."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest | CanFulfillIntentRequest) or request.intent is None:
        return None
    slot = (request.intent.slots or {}).get(ROUTINE_SLOT)
    if slot is None:
        return None
    resolutions = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in resolutions or []:
        code = authority.status.code.value if authority.status and authority.status.code else None
        value = authority.values[0].value if authority.values else None
        if code == "ER_SUCCESS_MATCH" and value is not None:
            return str(value.id or value.name)
    return slot.value or None


def request_locale(handler_input: HandlerInput) -> str | None:
    """The locale the request was spoken in ("en-GB"), if it says; the voice falls back to
    American English for a missing or unknown one."""
    locale = getattr(handler_input.request_envelope.request, "locale", None)
    return locale if isinstance(locale, str) else None
