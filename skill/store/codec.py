"""The one boundary between typed state and the dicts that Redis and Alexa's session carry."""

from __future__ import annotations

import base64
import binascii
import logging
import math
from dataclasses import dataclass
from itertools import compress
from typing import Any

from skill.domain.delivery import Holds, Pace
from skill.domain.history import KEEP_DAYS, History, local_day
from skill.domain.state import Conversation, Offer, OfferKind, Place, Profile, Status
from skill.store.schema1_anchors import schema_1_anchor
from skill.strict_json import dumps, loads

# 3: places and the history of days; 2 (read): one place per routine, no history; 1 (read): a
# single place. Redis keys still say v1: the key format never changed (store/keys.py).
SCHEMA_VERSION = 3
READABLE = (1, 2, SCHEMA_VERSION)
_BIT = [1 << i for i in range(KEEP_DAYS)]  # a history's day mask: bit i, the day `end - i`
_MASK_BYTES = (KEEP_DAYS + 7) // 8
_FLAG = bytes.maketrans(b"01", b"\0\1")  # a mask's binary digits as bytes 0 and 1
log = logging.getLogger(__name__)


class StateFormatError(ValueError):
    """A stored or carried document that is not in a shape this version understands."""


class NewerDocumentError(StateFormatError):
    """A document written by a newer version of the skill: read nothing, and never write over it
    (during a rollback, the newer version's people must keep their places)."""


def _place_to_doc(place: Place) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "routine": place.routine_id,
        "step": place.step,
        "status": place.status.value,
        "saved_at": place.saved_at,
    }
    if place.easier:
        doc["easier"] = True
    if place.quick:  # absent before there were quick versions: the full routine
        doc["quick"] = True
    if place.anchor is not None:
        doc["at"] = list(place.anchor)
    return doc


def profile_to_doc(profile: Profile, revision: int = 0) -> dict[str, Any]:
    """The JSON-ready document saved for a person; revision counts the writes, so a write made
    from an older read can be told apart (PersonRepository.save stamps the one it writes; a
    session carries the one it read)."""
    doc: dict[str, Any] = {
        "v": SCHEMA_VERSION,
        "rev": revision,
        "places": [_place_to_doc(p) for p in profile.places],
        "disclaimer_given": profile.disclaimer_given,
    }
    if not profile.history.empty:
        doc["history"] = history_to_doc(profile.history)
    if profile.zone_checked:
        doc["zone"], doc["zone_at"] = profile.zone, profile.zone_checked
    if profile.pace is not Pace.NORMAL:
        doc["pace"] = profile.pace.value
    if profile.holds is not Holds.NORMAL:
        doc["holds"] = profile.holds.value
    return doc


def history_to_doc(history: History) -> dict[str, Any]:
    """Days as a bitmask (bit i: the day `end - i`), so a year of days costs about 70 bytes;
    recent routines as [days before end, routine id]."""
    days = history.days
    end = max(days, default=max((d for d, _ in history.recent), default=0))
    # Made with loops that run in C: a year of days is this document's bulk, and every saving
    # turn writes it (a loop in Python here took a tenth of such a person's turn).
    if days and min(days) > end - KEEP_DAYS:  # every day fits in the mask (end is the newest)
        mask = sum(map(_BIT.__getitem__, map(end.__sub__, days)))
    else:
        mask = sum(_BIT[end - day] for day in days if 0 <= end - day < KEEP_DAYS)
    return {
        "end": end,
        "days": base64.b64encode(mask.to_bytes(_MASK_BYTES, "little").rstrip(b"\0")).decode(),
        "finished": history.finished,
        "recent": [[end - day, routine] for day, routine in history.recent],
        "last_finish": history.last_finish,
    }


def history_from_doc(raw: Any) -> History:
    """The history a document keeps; StateFormatError when it is malformed."""
    try:
        end = _non_negative(raw["end"])
        mask = int.from_bytes(base64.b64decode(raw["days"], validate=True), "little")
        flags = bin(mask)[:1:-1].encode("ascii").translate(_FLAG)  # flags[i]: bit i is set
        days = frozenset(map(end.__sub__, compress(range(len(flags)), flags)))
        recent = tuple((end - _non_negative(back), str(r)) for back, r in raw["recent"])
        last_finish = _non_negative(raw.get("last_finish", 0))
        return History(days, _non_negative(raw["finished"]), recent, last_finish)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise StateFormatError(f"malformed history: {exc}") from None


def history_from_places(places: tuple[Place, ...]) -> History:
    """A history for a document written before there was one (schema 1 and 2): each place's day,
    in UTC (the zone was not known), and the routines finished there.

    When it can go: with store/schema1_anchors.py's rule, for schema 1 and 2 together. Schema 3
    shipped on 2026-12-03; a document is rewritten in it at its next save, and one never saved
    again expires PERSON_RETENTION_DAYS after it was last read. Once a scan of the deployment's
    person keys finds no "v" below 3, delete this and make profile_from_doc refuse them."""
    if not places:
        return History()
    dated = [(local_day(p.saved_at, None), p) for p in places]
    finished = sum(1 for p in places if p.status is Status.FINISHED)
    history = History(
        frozenset(day for day, _ in dated), finished, tuple((d, p.routine_id) for d, p in dated)
    )
    return history.trimmed(max(day for day, _ in dated))  # trimmed keeps what is kept


def _place_from_doc(raw: Any, version: int) -> Place:
    routine_id, step = str(raw["routine"]), _non_negative(raw["step"])
    return Place(
        routine_id=routine_id,
        step=step,
        status=Status(raw["status"]),
        saved_at=_finite(raw["saved_at"]),
        easier=raw.get("easier") is True,
        quick=raw.get("quick") is True,
        anchor=_anchor(raw.get("at")) if version >= 2 else schema_1_anchor(routine_id, step),
    )


def _anchor(raw: Any) -> tuple[str, str, int] | None:
    """A saved anchor: [move id, side or variant, first rep]; None when absent or malformed."""
    if not isinstance(raw, list) or len(raw) != 3:
        return None
    move, label, rep = raw
    if isinstance(move, str) and isinstance(label, str) and isinstance(rep, int):
        return move, label, rep
    return None


def profile_from_doc(doc: Any) -> Profile:
    """A profile from a saved document; StateFormatError when it is not one."""
    if not doc:
        return Profile()
    version = doc.get("v") if isinstance(doc, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise NewerDocumentError(f"person document version {version} is newer than this skill")
    if isinstance(version, bool) or version not in READABLE:
        raise StateFormatError(f"unknown person document version {_version(doc)!r}")
    raw = doc.get("places") if version >= 2 else [doc.get("position")]
    try:
        if not isinstance(raw, list):
            raise TypeError("places must be a list")
        places = tuple(_place_from_doc(p, version) for p in raw if p is not None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateFormatError(f"malformed place: {exc}") from None
    if len({p.routine_id for p in places}) != len(places):
        raise StateFormatError("two places for one routine")
    if version < SCHEMA_VERSION:
        history = history_from_places(places)
    elif "history" in doc:
        history = history_from_doc(doc["history"])
    else:
        history = History()
    zone = doc.get("zone")
    try:
        zone_checked = _finite(doc["zone_at"]) if "zone_at" in doc else 0.0
    except ValueError as exc:
        raise StateFormatError(f"malformed zone_at: {exc}") from None
    return Profile(
        places=places,
        disclaimer_given=bool(doc.get("disclaimer_given", False)),
        history=history,
        zone=zone if isinstance(zone, str) and len(zone) <= 64 else None,
        zone_checked=zone_checked,
        pace=Pace(doc["pace"]) if doc.get("pace") in _PACES else Pace.NORMAL,
        holds=Holds(doc["holds"]) if doc.get("holds") in _HOLDS else Holds.NORMAL,
    )


# A kept preference this version does not know is taken as the usual one.
_PACES = frozenset(p.value for p in Pace)
_HOLDS = frozenset(h.value for h in Holds)


def with_revision(doc: dict[str, Any], revision: int) -> dict[str, Any]:
    """The document stamped with its revision, as PersonRepository.save writes it."""
    return {**doc, "rev": revision}


def document_revision(doc: Any) -> int:
    """How many writes a saved document has had (0 for none, or for a document without one)."""
    rev = doc.get("rev") if isinstance(doc, dict) else None
    return rev if isinstance(rev, int) and not isinstance(rev, bool) and rev >= 0 else 0


def _version(doc: Any) -> Any:
    return doc.get("v") if isinstance(doc, dict) else type(doc).__name__


def _finite(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"saved_at must be a finite number, not {value!r}")
    return float(value)


def _non_negative(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"step must be a non-negative whole number, not {value!r}")
    return value


SESSION_KEY = "coach"


@dataclass(frozen=True)
class Carried:
    """What a session carries between turns."""

    conversation: Conversation
    unsaved: bool  # an earlier turn could not save it
    revision: int  # the saved document's revision this conversation was last merged with


def conversation_to_session(
    conv: Conversation,
    unsaved: bool,
    revision: int = 0,
    *,
    profile_doc: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Session attributes carrying the conversation, so a turn can go on without Redis;
    profile_doc is conv.profile's document when the caller has made it already (to save it).

    It is carried as one JSON text: ask-sdk deep-copies the session attributes of every request
    and its serializer walks them on the way out, and a string is one value to copy and walk."""
    if profile_doc is None:
        profile = profile_to_doc(conv.profile, revision)
    else:
        profile = with_revision(profile_doc, revision)
    carried: dict[str, Any] = {"profile": profile, "unsaved": unsaved}
    if conv.offer is not None:  # no offer is left out, not null (strict_json writes null twice)
        carried["offer"] = _offer_to_doc(conv.offer)
    return {SESSION_KEY: dumps(carried)}


def _offer_to_doc(offer: Offer) -> dict[str, Any]:
    doc: dict[str, Any] = {"kind": offer.kind.value, "routine": offer.routine_id}
    if offer.at is not None:
        doc["at"] = offer.at
    return doc


def session_document(attributes: Any) -> dict[str, Any] | None:
    """The conversation's document as the session attributes carry it, or None if absent;
    StateFormatError when its text is not JSON."""
    carried = attributes.get(SESSION_KEY) if isinstance(attributes, dict) else None
    if isinstance(carried, str):
        try:
            carried = loads(carried)
        except (ValueError, RecursionError) as exc:
            raise StateFormatError(
                f"carried conversation is not JSON: {type(exc).__name__}"
            ) from None
    # A session begun before the conversation was carried as text (2026-12-07) carries it as an
    # object. When it can go: in any later release, since no session outlives a deploy by more
    # than minutes (and what this would miss is then read from Redis, as at a session's start).
    return carried if isinstance(carried, dict) else None


def conversation_from_session(attributes: Any) -> Carried | None:
    """The conversation a request carried, whether it still needs saving, and the revision it
    was read at; None if absent."""
    carried = session_document(attributes)
    if carried is None:
        return None
    profile = profile_from_doc(carried.get("profile"))
    raw_offer = carried.get("offer")
    offer = None
    if isinstance(raw_offer, dict):
        try:
            at = raw_offer.get("at")
            offer = Offer(
                OfferKind(str(raw_offer.get("kind"))),
                raw_offer.get("routine"),
                at if isinstance(at, str) else None,
            )
        except ValueError:
            offer = None
    return Carried(
        Conversation(profile, offer),
        bool(carried.get("unsaved", False)),
        document_revision(carried.get("profile")),
    )
