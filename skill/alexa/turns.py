"""One turn: load the conversation, let the coach decide, save, and build Alexa's response."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from skill.alexa.apis import AlexaApi
from skill.alexa.apl import steady_screen, step_screen
from skill.alexa.request import request_locale, spoken_routine
from skill.alexa.response import respond
from skill.domain.coach import Action, Coach, Event, Turn
from skill.domain.merge import merge_profiles
from skill.domain.replies import Paused, Stopped
from skill.domain.state import DAY, Conversation, Offer, Profile
from skill.store.codec import (
    NewerDocumentError,
    StateFormatError,
    conversation_from_session,
    conversation_to_session,
    profile_from_doc,
    profile_to_doc,
)
from skill.store.repository import (
    PersonForgottenError,
    PersonRepository,
    RequestReplayedError,
)
from skill.verification.replay import ReplayClaim
from skill.voice import speech

log = logging.getLogger(__name__)
MAX_SAVE_TRIES = 5  # merges in a row before a save gives up (only under heavy contention)
ZONE_RECHECK_SECONDS = 7 * DAY  # how long a device's time zone is taken as known


@dataclass(frozen=True)
class Loaded:
    """The conversation a turn starts from."""

    conversation: Conversation
    unsaved: bool  # an earlier turn in this session could not save
    from_store_failed: bool  # a new session whose saved document could not be read
    revision: int = 0  # the saved document's revision this conversation was read or merged at


class TurnRunner:
    """Runs coach actions for handlers, keeping the saved place and the session in step."""

    def __init__(
        self,
        coach: Coach,
        clock: Callable[[], float],
        store: PersonRepository,
        api: AlexaApi | None = None,
    ) -> None:
        self.coach = coach
        self.clock = clock
        self.store = store
        self.api = api or AlexaApi(hosts=())

    def load(self, handler_input: HandlerInput) -> Loaded:
        """The conversation this request carried, or the saved one at the start of a session."""
        am = handler_input.attributes_manager
        try:
            carried = conversation_from_session(am.session_attributes)
        except StateFormatError:
            log.warning("ignoring malformed session attributes")
            carried = None
        if carried is not None:
            return Loaded(carried.conversation, carried.unsaved, False, carried.revision)
        try:
            stored = self.store.load(handler_input.request_envelope)
            profile = profile_from_doc(stored.document)
        except (PersistenceException, NewerDocumentError) as exc:
            log.error("could not read a person's document: %s", exc)
            return Loaded(Conversation(), unsaved=False, from_store_failed=True)
        except StateFormatError as exc:
            log.error("a person's document is unreadable, starting fresh: %s", exc)
            return Loaded(Conversation(), unsaved=True, from_store_failed=False)
        return Loaded(Conversation(profile), False, False, stored.revision)

    def carried_offer(self, handler_input: HandlerInput) -> Offer | None:
        """The question this session is waiting to hear back on, as its request carried it."""
        try:
            carried = conversation_from_session(handler_input.attributes_manager.session_attributes)
        except StateFormatError:
            return None
        return carried.conversation.offer if carried is not None else None

    def carry(
        self, handler_input: HandlerInput, loaded: Loaded, conversation: Conversation
    ) -> None:
        """Carry a conversation on in the session, with nothing new to save (a question asked):
        not when the saved document could not be read, so the next request tries the store again."""
        if loaded.from_store_failed:
            return
        handler_input.attributes_manager.session_attributes = conversation_to_session(
            conversation, loaded.unsaved, loaded.revision
        )

    def run(self, handler_input: HandlerInput, action: Action, needs_saved_state: bool) -> Response:
        """Load, act, save when the place changed, and answer."""
        if handler_input.request_envelope.session is None:
            # Out of session (no one is listening): nothing to load, nothing to say.
            log.warning("request without a session answered empty")
            return handler_input.response_builder.response
        loaded = self.load(handler_input)
        if loaded.from_store_failed and needs_saved_state:
            # Nothing is written to the session, so the next request tries the store again.
            return respond(
                handler_input, speech.store_unavailable(self.coach.suggestion), end_session=False
            )
        now = self.clock()
        loaded, zone_learnt = self._with_time_zone(handler_input, loaded, now)
        zone = loaded.conversation.profile.zone
        event = Event(now, spoken_routine(handler_input), zone)
        turn = action(self.coach, loaded.conversation, event)
        if turn.forget:
            return self.forget(handler_input, turn)
        mine, mine_doc = turn.conversation.profile, None
        changed = mine != loaded.conversation.profile
        revision: int | None = loaded.revision
        # A time zone learnt for someone of whom nothing else is kept is not worth a document.
        zone_to_keep = zone_learnt and not loaded.conversation.profile.blank
        if changed or loaded.unsaved or zone_to_keep:
            mine_doc = profile_to_doc(mine)  # made once: saved, then carried
            try:
                revision = self.save(handler_input, mine, loaded, mine_doc)
            except PersonForgottenError:
                # Forgotten on another device while this session went on: nothing it knew is
                # written back; it carries on from nothing.
                log.info("a forgotten person's session: nothing saved, started afresh")
                claim = replay_claim(handler_input)
                if claim is not None:
                    claim.fresh = True  # no replay key either: a replay would save nothing
                turn = replace(turn, conversation=Conversation())
                loaded = replace(loaded, conversation=Conversation(), unsaved=False, revision=0)
                changed, revision = False, 0
        saved = revision is not None
        locale = request_locale(handler_input)
        said = speech.say(turn.reply, locale)
        end_session, carried = turn.end_session, turn.conversation
        # Say so when this turn's change was not saved, or the place is not kept as the person
        # leaves. A retry of an earlier turn's save that fails again was already apologised for.
        if not saved and (changed or isinstance(turn.reply, Paused | Stopped)):
            said = speech.save_failed(turn.reply, said)
            if isinstance(turn.reply, Paused):  # the pause did not stick: carry on from here
                end_session, carried = False, loaded.conversation
        current = self.coach.current_step(carried)
        screen = step_screen(handler_input, turn.reply, current, said, end_session, locale)
        if loaded.from_store_failed and not changed:  # nothing carried: read again next
            return respond(handler_input, said, end_session, screen)
        handler_input.attributes_manager.session_attributes = conversation_to_session(
            carried,
            unsaved=not saved,
            revision=loaded.revision if revision is None else revision,
            profile_doc=mine_doc if carried.profile is mine else None,
        )
        return respond(handler_input, said, end_session, screen)

    def save(
        self,
        handler_input: HandlerInput,
        mine: Profile,
        loaded: Loaded,
        mine_doc: dict[str, Any] | None = None,
    ) -> int | None:
        """Write this turn's profile (mine_doc: its document, when made already), merged with
        anything another session (another device) saved meanwhile, so no change is lost and no
        place moves back unasked.

        Returns the revision for the session to carry: the one written when nothing else had
        changed, else the one merged with, so the next turn merges again from its own view.
        None (and logged) when the store cannot take it, or the request is a replay (its claim,
        made with the first write, says so and the endpoint refuses it)."""
        # An unsaved profile's base is unknown: merged with it as if from nothing, the place
        # further along wins everywhere.
        base = Profile() if loaded.unsaved else loaded.conversation.profile
        expected, merged = loaded.revision, mine
        envelope = handler_input.request_envelope
        claim = replay_claim(handler_input)
        for _ in range(MAX_SAVE_TRIES):
            try:
                doc = mine_doc if merged is mine else None
                if doc is None:
                    doc = profile_to_doc(merged)
                stored = self.store.save(envelope, expected, doc, claim)
            except RequestReplayedError:
                log.warning("a replayed request: nothing saved")
                return None
            except PersonForgottenError:
                raise
            except PersistenceException as exc:
                log.error("could not save a person's document: %s", exc)
                return None
            if isinstance(stored, int):  # written (a merge: carry the revision merged with)
                return stored if merged == mine else expected
            try:
                # Gone (expired, or lost with a crash) or unreadable: what this session knows is
                # all there is, so it is kept whole rather than merged with nothing.
                theirs = profile_from_doc(stored.document) if stored.document else mine
            except NewerDocumentError as exc:
                log.error("could not save a person's document: %s", exc)
                return None
            except StateFormatError:
                theirs = mine
            merged = merge_profiles(base, mine, theirs, base_known=not loaded.unsaved)
            expected = stored.revision
        log.warning(
            "could not save a person's document: %d sessions in a row saved first", MAX_SAVE_TRIES
        )
        return None

    def save_unsaved(self, handler_input: HandlerInput) -> None:
        """The session is ending: retry a save an earlier turn of it could not make (nothing
        when the person was forgotten meanwhile, on another device)."""
        loaded = self.load(handler_input)
        if not loaded.unsaved:
            return
        try:
            self.save(handler_input, loaded.conversation.profile, loaded)
        except PersonForgottenError:
            log.info("a forgotten person's session ended: nothing saved")

    def _with_time_zone(
        self, handler_input: HandlerInput, loaded: Loaded, now: float
    ) -> tuple[Loaded, bool]:
        """At the start of a session, the device's time zone, asked of the Settings API when
        not known for a week (days and streaks are counted in it; UTC until it is known).
        Whether it was learnt now; a failed ask is tried again at the next session."""
        profile = loaded.conversation.profile
        fresh = now - profile.zone_checked < ZONE_RECHECK_SECONDS
        session = handler_input.request_envelope.session
        new_session = session is not None and bool(session.new)
        if fresh or not new_session or loaded.from_store_failed or not self.api.enabled:
            return loaded, False
        zone = self.api.time_zone(handler_input.request_envelope)
        if zone is None:
            return loaded, False
        profile = replace(profile, zone=zone, zone_checked=now)
        conversation = Conversation(profile, loaded.conversation.offer)
        return replace(loaded, conversation=conversation), True

    def forget(self, handler_input: HandlerInput, turn: Turn) -> Response:
        """Delete everything kept about the person, and carry nothing in the session. This
        request's own id is not kept against replays either: a replay would only forget again."""
        claim = replay_claim(handler_input)
        if claim is not None:
            claim.fresh = True  # nothing to claim: the person's keys are all going
        try:
            self.store.forget(handler_input.request_envelope)
        except PersistenceException as exc:
            log.error("could not forget a person: %s", exc)
            return respond(handler_input, speech.forget_failed(), end_session=True)
        log.info("a person's data was deleted at their request")
        handler_input.attributes_manager.session_attributes = {}
        return respond(handler_input, speech.say(turn.reply), end_session=turn.end_session)

    def forget_account(self, handler_input: HandlerInput) -> None:
        """The account disabled the skill: delete everything kept for it, its recognised voices
        included, and not this event's id either (a replay would only delete again). A Redis
        failure is logged: Alexa does not resend the event, and the data expires by itself."""
        claim = replay_claim(handler_input)
        if claim is not None:
            claim.fresh = True
        try:
            deleted = self.store.forget_account(handler_input.request_envelope)
        except PersistenceException as exc:
            log.error("could not delete a disabled account's data: %s", exc)
        else:
            log.info("skill disabled: the account's data was deleted", extra={"documents": deleted})

    def apology(self, handler_input: HandlerInput) -> Response:
        """An internal fault: apologise from wherever the request says the person is."""
        try:
            carried = conversation_from_session(handler_input.attributes_manager.session_attributes)
        except Exception:  # the fault may be in the session itself
            carried = None
        conv = carried.conversation if carried else Conversation()
        current = self.coach.current_step(conv)
        # A screen still counting down the step would run on while the apology is said.
        screen = steady_screen(handler_input, current, request_locale(handler_input))
        return respond(handler_input, speech.apology(current), False, screen)


def replay_claim(handler_input: HandlerInput) -> ReplayClaim | None:
    """The request's replay claim, as the endpoint gave it to ask-sdk's invoke (decision 0006);
    None when verification is off."""
    claim = handler_input.context
    return claim if isinstance(claim, ReplayClaim) else None
