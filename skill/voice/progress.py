"""How a person is doing, and what to do today, worded: short, warm, never nagging."""

from __future__ import annotations

from skill.domain.replies import LastTime, Progress, TodaysRoutine
from skill.voice.numbers import words
from skill.voice.pace import as_you_like_it

WELCOME_BACK = "Welcome back."
NOTHING_YET = "We haven't done a routine together yet."
SAY_YES_OR_NO = "Say yes or no."
IN_A_ROW = "That's {days} days in a row."
# The same routine again, finished already today: the finish said once or twice a day is plenty.
DONE_TODAY = "You've already done {name} today, and once or twice a day is plenty."
CARRY_ON = 'Say "next" to carry on, or "repeat" to do the step again.'


def count(n: int) -> str:
    """A count as words; digits past what `words` says (Alexa reads them as a number)."""
    return words(n) if n <= 999 else str(n)


def _days(n: int) -> str:
    return "one day" if n == 1 else f"{count(n)} days"


def _when(days_ago: int) -> str:
    if days_ago == 0:
        return "earlier today"
    if days_ago == 1:
        return "yesterday"
    return f"{_days(days_ago)} ago"


def _offer(routine_name: str) -> tuple[str, str]:
    """The question that offers a routine, and its reprompt."""
    return f"Shall we do {routine_name} today?", f"Shall we do {routine_name}? {SAY_YES_OR_NO}"


def in_a_row(days: int) -> str:
    """Said at a finish, from two days in a row on."""
    return IN_A_ROW.format(days=count(days))


def progress(reply: Progress) -> tuple[str, str]:
    """Days this week and in a row, routines finished and last time, in two sentences; then
    today's routine is offered. Returns the speech and the reprompt."""
    if reply.suggestion is None:  # mid-routine: carry on
        question = reprompt = CARRY_ON
    else:
        question, reprompt = _offer(reply.suggestion.name)
    if reply.suggestion is not None and reply.last is not None and reply.last.days_ago == 0:
        again = reply.last.routine == reply.suggestion  # already done something today
        question = "Shall we do it again?" if again else f"Shall we do {reply.suggestion.name} too?"
    if reply.last is None and reply.finished == 0 and reply.this_week == 0:
        return f"{NOTHING_YET} {question}", reprompt
    if reply.this_week == 0:
        week = "You haven't stretched yet this week"
    else:
        week = f"You've stretched on {_days(reply.this_week)} this week"
    if reply.finished == 0:
        finished = "and you haven't finished a routine yet"
    elif reply.finished == 1:
        finished = "and you've finished one routine in all"
    else:
        finished = f"and you've finished {count(reply.finished)} routines in all"
    first = f"{week}, {finished}."
    if reply.streak >= 2:  # the streak first: it is what people ask about
        first = f"{IN_A_ROW.format(days=count(reply.streak))} {first}"
    second = f" {_last_time(reply.last)}" if reply.last is not None else ""
    return f"{first}{second} {question}", reprompt


def _last_time(last: LastTime) -> str:
    how = "finished" if last.finished else "did some of"
    return f"Last time, {_when(last.days_ago)}, you {how} {last.routine.name}."


def todays_routine(reply: TodaysRoutine) -> tuple[str, str]:
    """One suggestion for today, with what came before; a welcome back on opening."""
    question, reprompt = _offer(reply.routine.name)
    last = reply.last
    if last is None:
        said = question
    elif last.routine == reply.routine and last.days_ago == 0 and last.finished:
        said = f"{DONE_TODAY.format(name=last.routine.name)} Would you like to do it again?"
        reprompt = f"Shall we do {reply.routine.name} again? {SAY_YES_OR_NO}"
    elif last.routine == reply.routine:
        said = f"Last time, {_when(last.days_ago)}, was {last.routine.name}. Shall we do it again?"
        reprompt = f"Shall we do {reply.routine.name} again? {SAY_YES_OR_NO}"
    elif last.days_ago == 1:
        said = f"Yesterday was {last.routine.name}; shall we do {reply.routine.name} today?"
    elif last.days_ago == 0:
        said = f"You've done {last.routine.name} today; how about {reply.routine.name}?"
        reprompt = f"Shall we do {reply.routine.name}? {SAY_YES_OR_NO}"
    else:
        said = f"Last time, {_when(last.days_ago)}, was {last.routine.name}. {question}"
    if reply.welcome:
        said = " ".join(filter(None, (WELCOME_BACK, as_you_like_it(reply.pace, reply.holds), said)))
    return said, reprompt
