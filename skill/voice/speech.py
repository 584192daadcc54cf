"""Every reply the coach gives, worded. The one place dialog text lives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import assert_never

from skill.domain.delivery import Holds, Pace
from skill.domain.replies import (
    CarryOn,
    ChooseRoutine,
    DeliverySet,
    Fallback,
    Finished,
    FinishThisOne,
    ForgetAsked,
    Forgotten,
    GeneralHoldRule,
    Help,
    HoldInfo,
    KeptAll,
    Lead,
    Narrate,
    NoRoutine,
    NothingAsked,
    PainAdvice,
    Paused,
    PickUpOffer,
    Progress,
    Purpose,
    Reply,
    RoutineList,
    Stopped,
    TimeLeft,
    TodaysRoutine,
    TooHard,
    Wait,
    WarningSigns,
    WelcomeBack,
    WhatWeKeep,
    WhereAmI,
)
from skill.domain.routines import Part, Posture, Routine, Step
from skill.voice import choosing, privacy, progress, safety
from skill.voice import pace as pacing
from skill.voice.locales import DEFAULT_LOCALE, in_locale, wording
from skill.voice.narration import (
    moves_said,
    narrate_step,
    seconds_after,
    step_label,
    step_prompt,
    title,
)
from skill.voice.numbers import amount, duration, minutes, seconds, times, words
from skill.voice.pace import RATE
from skill.voice.ssml import Pause, Say, Segment, render

# "Open" is the phrase that reaches the skill dependably (under Alexa+ too); the launch offers the
# kept place first.
HOW_TO_COME_BACK = 'say "Alexa, open back stretch coach" to pick up where you left off.'
APOLOGY = "Sorry, something went wrong on my side."
REPEAT_OR_NEXT = 'Say "repeat" to do it again, or "next" to move on.'
TRY_AGAIN = "Please try that again in a moment."
TAKE_YOUR_TIME = "Take your time. I'll wait."
WAIT_MS = 30_000  # the quiet after "take your time", before Alexa listens again
REPEAT_OR_SKIP = 'Say "repeat" to try it again, or "skip" to move on.'
ANYWHERE_FROM = "Anywhere from"
YES_OR_NO = "Please say yes or no."
FINISH_THIS_ONE = "For today, let's finish this one."
ONLY_AS_FAR = "Only go as far as feels comfortable; a smaller movement still helps."
# How a routine ends, by the posture its last move is done in.
CLOSING = {
    Posture.BACK: "Roll onto your side and take a moment before you get up.",
    Posture.FRONT: "Roll onto your side and take a moment before you get up.",
    Posture.SIDE: "Take a moment on your side before you get up.",
    Posture.HANDS_AND_KNEES: "Sit back on your heels, then come up slowly.",
}
CARRY_ON_WITH_YOUR_DAY = "Take a moment before you carry on with your day."  # not on the floor
PROGRESS_NOT_SAVED = "Sorry, I couldn't save your progress just now."
SAVE_FAILED = f"{PROGRESS_NOT_SAVED[:-1]}, but let's carry on."
NOT_SAVED_ON_LEAVING = "Sorry, I couldn't save your place just now, so I may not remember it."
FINISH_NOT_SAVED = (
    "Sorry, I couldn't save that you finished, so next time I may offer to pick up where you "
    'were; just say "no".'
)
GOODBYE = "Look after your back."
# Said at the end of every routine; {area} is the body area it works.
AFTERCARE = "Once or twice a day is plenty, and on a day your {area} feels worse, give it a rest."


@dataclass(frozen=True)
class Speech:
    """What Alexa will say: the speech as segments, and the reprompt for an open session.

    Segments stay whole until `ssml` renders them, so speech can be extended safely."""

    segments: tuple[Segment, ...]
    reprompt: str | None  # None for a closing line
    rate: float = 1.0  # the speaking rate: the person's pace

    @cached_property
    def ssml(self) -> str:
        """The speech as SSML (rendered once)."""
        return render(self.segments, self.rate)

    @cached_property
    def reprompt_ssml(self) -> str | None:
        """The reprompt as SSML, if there is one (rendered once)."""
        return None if self.reprompt is None else render([Say(self.reprompt)], self.rate)

    def prefixed(self, text: str) -> Speech:
        """The same speech with a sentence said first."""
        return Speech((Say(text), *self.segments), self.reprompt, self.rate)

    def suffixed(self, text: str) -> Speech:
        """The same speech with a sentence said last."""
        return Speech((*self.segments, Say(text)), self.reprompt, self.rate)


def _speech(text: str | list[Segment], reprompt: str | None) -> Speech:
    segments = [Say(text)] if isinstance(text, str) else text
    return Speech(tuple(segments), reprompt)


def _where(step: Step) -> str:
    return (
        f"{title(step.routine)}, move {words(step.move_index + 1)} of "
        f"{words(len(step.routine.moves))}, {step_label(step)}"
    )


# The way back in that always works ("ask ... to start" needs the routine heard right too).
OPEN_THE_SKILL = 'say "Alexa, open back stretch coach"'


# --- faults: said by the adapters, not decided by the coach --------------------------------


def apology(step: Step | None) -> Speech:
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


def bare_apology() -> Speech:
    """A fault before the skill could even tell who is speaking or where they are."""
    return _speech(f"{APOLOGY} {TRY_AGAIN}", "Please try that again.")


def forget_failed() -> Speech:
    """Forgetting a person could not be done: say so, and how to try again."""
    return _speech(privacy.FORGET_FAILED, None)


def after_reminder(
    text: str, step: Step | None, suggestion: Routine, way_on: str | None = None
) -> Speech:
    """A reminder's answer, then what can be said from where the person is."""
    if step is not None:
        way_on = 'Say "next" to carry on, or "repeat" to do the step again.'
    elif way_on is None:
        way_on = f'Say "start {suggestion.name}", or "stop".'
    return _speech(f"{text} {way_on}", way_on)


def store_unavailable(suggestion: Routine) -> Speech:
    """Saved progress could not be read at the start of a session."""
    return _speech(
        "Sorry, I can't reach your saved progress right now. Try again in a minute, "
        f'or say "start {suggestion.name}" to begin from the top.',
        f'Say "start {suggestion.name}", or try again in a minute.',
    )


def save_failed(reply: Reply, said: Speech) -> Speech:
    """Progress could not be saved: say so in a way that fits what is being said. A pause
    stays open so the place is not lost (the caller keeps the session open); stop and cancel
    always close, honestly."""
    match reply:
        case Paused():
            return _speech(
                "Sorry, I couldn't save your place just now, so let's not close yet. "
                'Say "pause" again in a moment, or "next" to carry on.',
                'Say "pause" again, or "next" to carry on.',
            )
        case Stopped(step=step):
            where = f" You were at {step_label(step)} in {title(step.routine)}." if step else ""
            return _speech(f"Okay, stopping here. {NOT_SAVED_ON_LEAVING}{where} {GOODBYE}", None)
        case Finished():
            return said.suffixed(FINISH_NOT_SAVED)
        case PainAdvice():  # safety first, always
            return said.suffixed(PROGRESS_NOT_SAVED)
        case _:
            return said.prefixed(SAVE_FAILED)


# --- the coach's replies -----------------------------------------------------------------


def say(reply: Reply, locale: str | None = DEFAULT_LOCALE) -> Speech:
    """The speech for a reply, in the request's locale's wording (American English when the
    locale is unknown), its content too. A reply type without wording is a type error."""
    reply = in_locale(reply, locale)
    match reply:
        case Narrate():
            return _narration(
                reply.step, reply.lead, reply.disclaimer, reply.easier, reply.pace, reply.holds
            )
        case PickUpOffer():
            return _speech(*choosing.pick_up(reply.step))
        case TooHard():
            return _too_hard(reply)
        case CarryOn():
            return _speech(f"Okay. {REPEAT_OR_SKIP}", REPEAT_OR_SKIP)
        case Wait():
            return _wait(reply.step)
        case TimeLeft():
            return _time_left(reply.step)
        case Finished():
            return _finished(reply.routine, reply.streak)
        case Progress():
            return _speech(*progress.progress(reply))
        case TodaysRoutine():
            return _speech(*progress.todays_routine(reply))
        case ForgetAsked():
            return _speech(privacy.FORGET_ASKED, privacy.FORGET_ASKED_REPROMPT)
        case Forgotten():
            return _speech(privacy.FORGOTTEN, None)
        case KeptAll():
            return _speech(*privacy.kept_all(reply))
        case WhatWeKeep():
            return _speech(*privacy.what_we_keep(reply))
        case ChooseRoutine():
            return _speech(*choosing.choose(reply, wording(locale)))
        case WelcomeBack():
            return _speech(*choosing.welcome_back(reply))
        case DeliverySet():
            said = pacing.delivery_set(
                reply.pace, reply.holds, reply.suggestion.name, reply.step is not None
            )
            return _speech(*said)
        case HoldInfo():
            return _hold_info(reply.part)
        case GeneralHoldRule():
            return _general_hold_rule(reply.suggestion)
        case Purpose():
            return _speech(f"{reply.step.move.purpose} {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)
        case WhereAmI():
            return _speech(f"You're on {_where(reply.step)}. {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)
        case FinishThisOne():
            return _speech(
                f"{FINISH_THIS_ONE} You're on {_where(reply.step)}. {REPEAT_OR_NEXT}",
                REPEAT_OR_NEXT,
            )
        case NoRoutine():
            return _speech(*choosing.no_routine(reply.suggestion))
        case RoutineList():
            listed = _speech(*choosing.routine_list(reply.routines))
            return (
                listed.prefixed(choosing.NOTHING_UNDER_WAY) if reply.nothing_under_way else listed
            )
        case Paused():
            return _paused(reply)
        case Stopped():
            return _stopped(reply.step)
        case PainAdvice():
            return _speech(*safety.pain(reply.step, reply.signs_for))
        case WarningSigns():
            return _speech(*safety.warning_signs(reply.area, reply.step, wording(locale).doctor))
        case NothingAsked():
            return _nothing_asked(reply)
        case Help():
            return _help(reply)
        case Fallback():
            return _fallback(reply)
        case _:
            assert_never(reply)


@lru_cache(maxsize=4096)
def _narration(
    step: Step, lead: Lead, disclaimer: bool, easier: bool, pace: Pace, holds: Holds
) -> Speech:
    """A step's speech, at the person's pace. Narration is pure, so each combination is
    rendered once and reused."""
    said = narrate_step(step, lead, disclaimer, easier, pace, holds)
    return Speech(tuple(said), step_prompt(step)[1], RATE[pace])


def _all_moves(count: int) -> str:
    """'all five moves', 'both moves', 'the one move'."""
    if count == 1:
        return "the one move"
    return "both moves" if count == 2 else f"all {moves_said(count)}"


def _finished(routine: Routine, streak: int) -> Speech:
    in_a_row = f" {progress.in_a_row(streak)}" if streak else ""
    return _speech(
        f"That's it, you've finished {title(routine)}: {_all_moves(len(routine.moves))}. "
        f"Well done.{in_a_row} "
        f"{CLOSING.get(routine.final_posture, CARRY_ON_WITH_YOUR_DAY)} "
        + (f"{routine.closing} " if routine.closing else "")
        + f"{AFTERCARE.format(area=routine.area)} "
        f"To stretch again another day, {OPEN_THE_SKILL}.",
        None,
    )


def _too_hard(reply: TooHard) -> Speech:
    step = reply.step
    easier = reply.easier
    if easier is None:
        return _speech(f"That's okay. {ONLY_AS_FAR} {REPEAT_OR_SKIP}", REPEAT_OR_SKIP)
    changes = []
    reps = (easier.reps.value, step.part.reps.value)
    hold = (easier.hold.value, step.part.hold.value)
    if reps[0] < reps[1]:  # "five instead of eight"; "twice instead of three times"
        bare = min(reps) > 2
        changes.append(" instead of ".join(words(n) if bare else times(n) for n in reps))
    if hold[0] < hold[1]:  # "ten seconds instead of fifteen"
        old = words(hold[1]) if max(hold) < 60 else duration(hold[1])
        changes.append(f"holding for {duration(hold[0])} instead of {old}")
    return _speech(
        f"That's okay. We can make it easier: {' and '.join(changes)}. Shall we try that? "
        'Say yes, or "skip" to move on.',
        'Say yes to try the easier way, or "skip" to move on.',
    )


def _wait(step: Step | None) -> Speech:
    after = (
        'When you\'re ready, say "next", or "repeat".'
        if step
        else 'When you\'re ready, name a routine, or say "what routines are there".'
    )
    return Speech((Say(TAKE_YOUR_TIME), Pause(WAIT_MS), Say(after)), after)


def _time_left(step: Step) -> Speech:
    routine = step.routine
    where = f"You're on move {words(step.move_index + 1)} of {words(len(routine.moves))}."
    if step.is_last:
        return _speech(f"{where} This is the last step. {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)
    moves_after = len(routine.moves) - step.move_index - 1
    left = round(seconds_after(step) / 60)
    rest_of_move = routine.steps[step.index + 1].move_index == step.move_index
    pieces = [f"the rest of {step.move.name}"] if rest_of_move else []
    if moves_after:
        pieces.append(f"{words(moves_after)} more move{'s' if moves_after != 1 else ''}")
    more = " and ".join(pieces)
    time = minutes(left) if left else "less than a minute"
    return _speech(f"{where} After this, {more}: about {time}. {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)


def _hold_info(part: Part) -> Speech:
    """The numbers being narrated, then the source's range once, where it gives one."""
    hold, reps = part.hold, part.reps
    per = f" per {part.per}" if part.per else ""
    if hold.value > 0:
        what = f"Hold for {duration(hold.value)}"
    else:
        what = f"Take about {seconds(part.rep_seconds)} for each one"
    ranges = [f"{amount(hold.low, hold.high)} seconds"] if hold.is_range else []
    if reps.is_range:
        ranges.append(f"{amount(reps.low, reps.high)} times")
    either = f" {ANYWHERE_FROM} {' and '.join(ranges)} is fine." if ranges else ""
    return _speech(f"{what}, {times(reps.value)}{per}.{either} {REPEAT_OR_NEXT}", REPEAT_OR_NEXT)


def _general_hold_rule(suggestion: Routine) -> Speech:
    return _speech(
        "As a rule, hold each stretch for about thirty seconds without bouncing, "
        "and repeat it five to ten times. Each routine tells you its own timing as we go. "
        f"Would you like to start {suggestion.name}?",
        f"Shall we start {suggestion.name}? Say yes or no.",
    )


def _paused(reply: Paused) -> Speech:
    step = reply.step
    if step is None:
        return _speech(
            "Nothing's running, so there's nothing to pause. When you want to stretch, "
            f"{OPEN_THE_SKILL}.",
            None,
        )
    return _speech(
        f"Paused at {step_label(step)}, move {words(step.move_index + 1)} of "
        f"{words(len(step.routine.moves))}. When you're ready, {HOW_TO_COME_BACK}",
        None,
    )


def _stopped(step: Step | None) -> Speech:
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


def _help(reply: Help) -> Speech:
    if reply.step is None:
        return _speech(
            "I'll talk you through back stretches, counting every hold. "
            f'To begin, say "start {reply.suggestion.name}", or ask '
            '"what routines are there". What would you like?',
            'Say "what routines are there", or name a routine to start.',
        )
    return _speech(
        f"You're on {_where(reply.step)}. "
        'Say "next" to move on, "repeat" to do it again, "go back", "skip", '
        '"how long do I hold", "why am I doing this", or "pause". What would you like?',
        'Say "next", "repeat", or "pause".',
    )


def _nothing_asked(reply: NothingAsked) -> Speech:
    if reply.step is not None:
        said = (
            'Okay. Say "next" when you\'re ready to move on, or "repeat" to do it again.'
            if reply.yes
            else 'Okay, no rush. Say "next" when you\'re ready, or "pause" to stop here.'
        )
        return _speech(said, 'Say "next", "repeat", or "pause".')
    if reply.suggestion is not None:
        name = reply.suggestion.name
        return _speech(
            f"Would you like to start {name}? Say yes, or name another routine.",
            f"Shall we start {name}? Say yes or no.",
        )
    return _speech(
        'Okay. When you want to stretch, name a routine, or say "what routines are there".',
        'Name a routine, or say "stop".',
    )


def _fallback(reply: Fallback) -> Speech:
    if reply.asked:
        return _speech(f"Sorry, I didn't catch that. {YES_OR_NO}", YES_OR_NO)
    if reply.step is None:
        return _speech(
            'Sorry, I didn\'t catch that. You can say "what routines are there", or '
            f'"start {reply.suggestion.name}".',
            'Say "what routines are there", or "help".',
        )
    return _speech(
        'Sorry, I didn\'t catch that. You can say "next", "repeat", or "pause".',
        'Say "next", "repeat", or "pause".',
    )
