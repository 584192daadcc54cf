"""What the coach says when something hurts, and the signs that need a doctor now.

The pain reply stops the stretch in its first sentence and stays short (under 15 s); the full
list of warning signs is one question away ("what are the warning signs")."""

from __future__ import annotations

from skill.domain.routines import Step

STOP_THE_STRETCH = "Stop there and ease out slowly."
SORRY_YOU_HURT = "I'm sorry you're hurting."
THE_WARNING_SIGNS = '"what are the warning signs"'  # how to ask for the full list
# The signs that mean getting help now, in a sentence, by the body area a routine works.
WARNING_SIGNS = {
    "back": "Numbness, weak legs, or losing bladder or bowel control: get medical help now.",
    "upper back": "Numbness, weakness, chest pain or trouble breathing: get medical help now.",
    "neck": "Arm numbness or weakness, a bad headache or dizziness: get medical help now.",
}
# Every sign, for "what are the warning signs".
FULL_WARNING_SIGNS = {
    "back": "Get medical help right away if you have numbness or tingling in your legs, groin "
    "or bottom, weakness in your legs, trouble controlling your bladder or bowels, a fever "
    "with your back pain, or pain after a fall or an injury.",
    "upper back": "Get medical help right away if you have chest pain, trouble breathing, "
    "numbness, tingling or weakness in your arms or legs, a fever with your back pain, or pain "
    "after a fall or an injury.",
    "neck": "Get medical help right away if you have numbness, tingling or weakness in your arms "
    "or hands, a bad headache, dizziness or trouble seeing, a fever with a stiff neck, or pain "
    "after a fall or an injury.",
}
DONT_PUSH = "A gentle pull is fine; never push through sharp or growing pain."
# {doctor}: the locale's word (skill.voice.locales.Wording.doctor).
PAIN_THAT_LASTS = "If pain lasts more than fifteen minutes, stop for today and talk to {doctor}."


SHARP_OR_LASTING = "If it's sharp or lasts, stop for today."  # the stretch is already stopped
NOT_THROUGH_PAIN = "Don't stretch through sharp or lasting pain."  # nothing under way


def pain(step: Step | None, area: str) -> tuple[str, str]:
    """Stop first, the signs next, then the way on: under fifteen seconds to say. Sharp or
    growing pain and pain that lasts are in the full list."""
    signs = WARNING_SIGNS[area]
    if step is None:
        return (
            f'{SORRY_YOU_HURT} {NOT_THROUGH_PAIN} {signs} Say {THE_WARNING_SIGNS}, or "stop".',
            f'Say {THE_WARNING_SIGNS}, or "stop".',
        )
    return (  # stopping for today first: sharp pain is a reason to, not to skip ahead
        f'{STOP_THE_STRETCH} {SHARP_OR_LASTING} {signs} Say "stop", "skip", or '
        f"{THE_WARNING_SIGNS}.",
        'Say "stop" to finish for today, or "skip" to move on.',
    )


def warning_signs(area: str, step: Step | None, doctor: str = "a doctor") -> tuple[str, str]:
    """Every sign, how long is too long, and the way on from where the person is."""
    way_on = (
        'Say "skip" to move on, "repeat" to try again gently, or "stop" for today.'
        if step is not None
        else 'Say "what routines are there", or "stop".'
    )
    lasts = PAIN_THAT_LASTS.format(doctor=doctor)
    return f"{FULL_WARNING_SIGNS[area]} {DONT_PUSH} {lasts} {way_on}", way_on
