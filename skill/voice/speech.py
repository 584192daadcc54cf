"""Every reply the coach gives, worded. The one place dialog text lives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, singledispatch

from skill.domain.content import Catalog, Routine, Step
from skill.domain.replies import (
    ChoiceReason,
    ChooseRoutine,
    Fallback,
    Finished,
    GeneralHoldRule,
    Help,
    HoldInfo,
    Lead,
    Narrate,
    NoRoutine,
    PainAdvice,
    Paused,
    Purpose,
    Reply,
    RoutineList,
    Stopped,
    WelcomeBack,
    WhereAmI,
)
from skill.voice.narration import narrate_step, routine_minutes, step_label, step_prompt
from skill.voice.numbers import amount, minutes, seconds, words
from skill.voice.ssml import Say, Segment, escape, render

HOW_TO_COME_BACK = 'say "Alexa, ask back stretch coach to resume".'
APOLOGY = "Sorry, something went wrong on my side."
REPEAT_OR_NEXT = 'Say "repeat" to do it again, or "next" to move on.'


@dataclass(frozen=True)
class Speech:
    """A response as Alexa will say it: SSML, a reprompt when the session stays open."""

    ssml: str
    reprompt: str | None
    end_session: bool

    def prefixed(self, text: str) -> Speech:
        """The same speech with a sentence said first."""
        body = self.ssml.removeprefix("<speak>")
        return Speech(f"<speak>{escape(text)} {body}", self.reprompt, self.end_session)


def _speech(text: str | list[Segment], reprompt: str | None) -> Speech:
    segments = [Say(text)] if isinstance(text, str) else text
    return Speech(
        render(segments),
        render([Say(reprompt)]) if reprompt else None,
        end_session=reprompt is None,
    )


def _where(step: Step) -> str:
    return (
        f"{step.routine.name}, move {words(step.move_index + 1)} of "
        f"{words(len(step.routine.moves))}, {step_label(step)}"
    )


def _routine_names(catalog: Catalog) -> str:
    names = [r.name for r in catalog.routines]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f", or {names[-1]}"


class Voice:
    """Turns the coach's replies into speech."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def say(self, reply: Reply) -> Speech:
        """The speech for a reply."""
        return _say(reply, self)

    def apology(self, step: Step | None) -> Speech:
        """An internal fault: apologise and offer a way forward from where the person is."""
        if step is None:
            return _speech(
                f'{APOLOGY} Please try again, or say "what routines are there".',
                'Say "what routines are there", or "stop".',
            )
        return _speech(
            f'{APOLOGY} You\'re still at {step_label(step)}. Say "repeat" to do it again, '
            'or "next" to move on.',
            'Say "repeat" or "next".',
        )

    def store_unavailable(self) -> Speech:
        """Saved progress could not be read at the start of a session."""
        first = self.catalog.routines[0].name
        return _speech(
            "Sorry, I can't reach your saved progress right now. Try again in a minute, "
            f'or say "start {first}" to begin from the top.',
            f'Say "start {first}", or try again in a minute.',
        )

    def save_failed(self, speech: Speech, keep_open: bool) -> Speech:
        """Progress could not be saved: say so, and keep the session open if it was ending."""
        if keep_open:
            return _speech(
                "Sorry, I couldn't save your place just now, so let's not close yet. "
                'Say "pause" again in a moment, or "next" to carry on.',
                'Say "pause" again, or "next" to carry on.',
            )
        return speech.prefixed("Sorry, I couldn't save your progress just now, but let's carry on.")

    def choose(self, reason: ChoiceReason, heard: str | None, previous: Routine | None) -> Speech:
        """Ask which routine to do, saying why we are asking."""
        names = _routine_names(self.catalog)
        opening = {
            ChoiceReason.WELCOME: "Welcome to Back Stretch Coach. I'll talk you through gentle "
            "stretches for your back, one step at a time.",
            ChoiceReason.NONE_GIVEN: "",
            ChoiceReason.UNKNOWN: f"I don't have a routine called {heard}.",
            ChoiceReason.DECLINED_RESUME: "Okay, we'll leave that for now.",
            ChoiceReason.NOTHING_TO_RESUME: "There's nothing paused to pick up.",
            ChoiceReason.FORGOTTEN: "It's been a while since your last session, so I've cleared "
            f"your place in {previous.name if previous else 'your routine'}. Let's start fresh.",
            ChoiceReason.NOT_STARTED: "There's no routine under way yet.",
            ChoiceReason.FINISHED_ALREADY: "You've already finished "
            f"{previous.name if previous else 'that routine'}. "
            'Say "start over" to do it again, or pick another.',
        }[reason]
        ask = f"I have {names}. Which would you like?"
        if len(self.catalog.routines) == 1:
            ask = f'I have {names}. Say "start {names}" to begin.'
        return _speech(f"{opening} {ask}".strip(), f"Which routine would you like? {ask}")


@singledispatch
def _say(reply: Reply, voice: Voice) -> Speech:
    raise TypeError(f"no wording for {type(reply).__name__}")


@_say.register
def _(reply: Narrate, voice: Voice) -> Speech:
    return _narration(reply.step, reply.lead, reply.disclaimer)


@lru_cache(maxsize=4096)
def _narration(step: Step, lead: Lead, disclaimer: bool) -> Speech:
    """A step's speech. Narration is pure, so each (step, lead, disclaimer) is rendered once."""
    return _speech(narrate_step(step, lead, disclaimer), step_prompt(step)[1])


@_say.register
def _(reply: Finished, voice: Voice) -> Speech:
    routine = reply.routine
    return _speech(
        f"That's it, you've finished {routine.name}: all {words(len(routine.moves))} moves. "
        "Well done. Give your back a moment before you get up. Once or twice a day is plenty, "
        "and if your back starts to feel worse, take a day off from stretching. "
        "To do it again another day, "
        'say "Alexa, ask back stretch coach to start '
        f'{routine.name}".',
        None,
    )


@_say.register
def _(reply: ChooseRoutine, voice: Voice) -> Speech:
    return voice.choose(reply.reason, reply.heard, reply.previous)


@_say.register
def _(reply: WelcomeBack, voice: Voice) -> Speech:
    step = reply.step
    return _speech(
        f"Welcome back. You stopped at {step_label(step)} in {step.routine.name}. "
        "Shall we carry on?",
        f"Would you like to carry on with {step.routine.name}? Say yes or no.",
    )


@_say.register
def _(reply: HoldInfo, voice: Voice) -> Speech:
    part = reply.step.part
    hold, reps = part.hold, part.reps
    per = f" per {part.per}" if part.per else ""
    if hold.value > 0:
        what = f"Hold for {amount(hold.low, hold.high)} seconds"
    else:
        what = f"Take about {seconds(part.rep_seconds)} for each one"
    count = "once" if reps.high == 1 else f"{amount(reps.low, reps.high)} times"
    return _speech(f"{what}, {count}{per}. {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)


@_say.register
def _(reply: GeneralHoldRule, voice: Voice) -> Speech:
    return _speech(
        "As a rule, hold each stretch for about thirty seconds without bouncing, "
        "and repeat it five to ten times. Each routine tells you its own timing as we go. "
        f"Would you like to start {reply.suggestion.name}?",
        f"Shall we start {reply.suggestion.name}? Say yes or no.",
    )


@_say.register
def _(reply: Purpose, voice: Voice) -> Speech:
    return _speech(f"{reply.step.move.purpose} {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)


@_say.register
def _(reply: WhereAmI, voice: Voice) -> Speech:
    return _speech(f"You're on {_where(reply.step)}. {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)


@_say.register
def _(reply: NoRoutine, voice: Voice) -> Speech:
    return _speech(
        f"We haven't started a routine yet. Would you like to start {reply.suggestion.name}?",
        f"Shall we start {reply.suggestion.name}? Say yes or no.",
    )


@_say.register
def _(reply: RoutineList, voice: Voice) -> Speech:
    listed = "; ".join(
        f"{r.name}, {words(len(r.moves))} moves, about {minutes(routine_minutes(r))}"
        for r in reply.routines
    )
    return _speech(
        f"Here's what I have: {listed}. Which would you like?", "Which routine would you like?"
    )


@_say.register
def _(reply: Paused, voice: Voice) -> Speech:
    if reply.step is None:
        return _speech(
            f"Nothing's running, so there's nothing to pause. When you want to stretch, "
            f'say "Alexa, ask back stretch coach to start {voice.catalog.routines[0].name}".',
            None,
        )
    return _speech(
        f"Paused at {step_label(reply.step)}, move {words(reply.step.move_index + 1)} of "
        f"{words(len(reply.step.routine.moves))}. When you're ready, {HOW_TO_COME_BACK}",
        None,
    )


@_say.register
def _(reply: Stopped, voice: Voice) -> Speech:
    step = reply.step
    if step is None:
        return _speech("Okay. Look after your back. Come back any time.", None)
    done = step.move_index
    progress = (
        f"You got through {words(done)} of {words(len(step.routine.moves))} moves. " if done else ""
    )
    return _speech(
        f"Okay, stopping here. {progress}I've saved your place at {step_label(step)}. "
        f"To carry on later, {HOW_TO_COME_BACK}",
        None,
    )


@_say.register
def _(reply: PainAdvice, voice: Voice) -> Speech:
    core = (
        "Stop that stretch and ease out of it slowly. A gentle pull is fine, but sharp, "
        "shooting or growing pain is not, so don't push through it. If you feel numbness, "
        "weakness in your legs, or lose bladder or bowel control, get medical help right away."
    )
    if reply.step is None:
        return _speech(f'{core} Say "stop" to finish for today.', 'Say "stop" to finish.')
    return _speech(
        f'{core} When you\'re ready, say "skip" to move on, or "stop" to finish for today.',
        'Say "skip" to move on, or "stop" to finish for today.',
    )


@_say.register
def _(reply: Help, voice: Voice) -> Speech:
    if reply.step is None:
        return _speech(
            "I'll talk you through back stretches, counting every hold. "
            f'To begin, say "start {voice.catalog.routines[0].name}", or ask '
            '"what routines are there". What would you like?',
            'Say "what routines are there", or name a routine to start.',
        )
    return _speech(
        f"You're on {_where(reply.step)}. "
        'Say "next" to move on, "repeat" to do it again, "go back", "skip", '
        '"how long do I hold", "why am I doing this", or "pause". What would you like?',
        'Say "next", "repeat", or "pause".',
    )


@_say.register
def _(reply: Fallback, voice: Voice) -> Speech:
    if reply.step is None:
        return _speech(
            'Sorry, I didn\'t catch that. You can say "what routines are there", or '
            f'"start {voice.catalog.routines[0].name}".',
            'Say "what routines are there", or "help".',
        )
    return _speech(
        'Sorry, I didn\'t catch that. You can say "next", "repeat", or "pause".',
        'Say "next", "repeat", or "pause".',
    )
