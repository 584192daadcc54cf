"""Merging a person's progress when two sessions (two devices) changed it at once.

A turn starts from the profile its session last saw (the base), and ends with its own (mine);
meanwhile another session may have saved a different one (theirs). The merge keeps every change:
per routine, whichever side changed its place wins; when both did, the place that is further
along wins, unless this turn moved back because the person asked to (go back, start over), or
the two are in different versions (full and quick), whose steps do not compare: the later wins. The
history keeps both sides' days and routines, and counts both sides' finishes.
"""

from __future__ import annotations

from skill.domain.history import History
from skill.domain.state import Place, Profile, Status


def merge_profiles(
    base: Profile, mine: Profile, theirs: Profile, *, base_known: bool = True
) -> Profile:
    """The profile to save: this turn's changes laid over what another session saved. Without
    a known base (a session that could not save), counts cannot be added, only compared."""
    routines = {p.routine_id for p in (*base.places, *mine.places, *theirs.places)}
    places = [
        place
        for routine_id in routines
        if (
            place := _merge_place(
                base.place(routine_id), mine.place(routine_id), theirs.place(routine_id)
            )
        )
        is not None
    ]
    places.sort(key=lambda p: p.saved_at, reverse=True)
    newer_zone = max(mine, theirs, key=lambda p: p.zone_checked)  # the time zone asked last
    return Profile(
        places=tuple(places),
        disclaimer_given=mine.disclaimer_given or theirs.disclaimer_given,
        history=merge_histories(base.history, mine.history, theirs.history, base_known),
        zone=newer_zone.zone,
        zone_checked=newer_zone.zone_checked,
        pace=mine.pace if mine.pace != base.pace else theirs.pace,
        holds=mine.holds if mine.holds != base.holds else theirs.holds,
    )


def merge_histories(
    base: History, mine: History, theirs: History, base_known: bool = True
) -> History:
    """Every day either side stretched, every routine either did lately, and this turn's new
    finishes added to theirs (with no known base, the larger count: never counted twice)."""
    newest = max(
        (*mine.days, *theirs.days, *(d for d, _ in (*mine.recent, *theirs.recent))), default=0
    )
    merged = History(
        days=mine.days | theirs.days,
        finished=theirs.finished + max(mine.finished - base.finished, 0)
        if base_known
        else max(mine.finished, theirs.finished),
        recent=(*mine.recent, *theirs.recent),
        last_finish=max(mine.last_finish, theirs.last_finish),
    )
    return merged.trimmed(newest)


def _merge_place(base: Place | None, mine: Place | None, theirs: Place | None) -> Place | None:
    if mine == base:
        return theirs  # this turn left the routine alone
    if theirs == base:
        return mine  # only this turn changed it
    if mine is None or theirs is None:
        return mine if theirs is None else theirs  # one forgot it, the other moved on: keep it
    if mine.quick != theirs.quick:
        return max(mine, theirs, key=lambda p: p.saved_at)  # two versions' steps: the latest
    if base is not None and mine.step < base.step:
        return mine  # the person asked to go back
    return max(mine, theirs, key=_progress)


def _progress(place: Place) -> tuple[int, bool, float]:
    """How far along a place is: its step, then whether it is finished, then how recent."""
    return place.step, place.status is Status.FINISHED, place.saved_at
