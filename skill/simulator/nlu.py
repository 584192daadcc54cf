"""Utterance -> intent and slots, the way Alexa would resolve it from the interaction model."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import Enum

from skill.catalog.model import InteractionModel, SlotTypeValue
from skill.simulator.builtins import EXIT_PHRASES, FALLBACK_INTENT, builtin_phrases
from skill.voice.numbers import words as number_words

_SLOT = re.compile(r"\{(\w+)\}")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
# Words people add that carry no intent: dropped in the tolerant pass.
FILLERS = frozenset(
    {"alexa", "please", "um", "uh", "er", "so", "now", "just", "then", "ok", "okay", "right"}
)
# A slot sample whose only other words are these ("{routine}", "the {routine}") takes a value
# only when it resolves; otherwise every unknown sentence would start a routine.
WEAK_CARRIERS = frozenset({"the", "my", "a", "an"})
# Words people wrap a routine's name in ("the posture one", "my neck routine"): dropped when
# the words heard are not a value or synonym themselves.
SLOT_CARRIERS_BEFORE = frozenset({"the", "my", "a", "an", "some", "for"})
SLOT_CARRIERS_AFTER = frozenset({"one", "routine", "stretches", "stretch", "exercises", "workout"})
SLOT_NEAR_CUTOFF = 0.82
MAX_SLOT_WORDS = 6
NEAR_MATCH_CUTOFF = 0.86


def normalise_utterance(text: str) -> str:
    """Lower case, apostrophes dropped, punctuation as spaces, single spaces."""
    lowered = text.lower().replace("’", "").replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", lowered).split())


class Resolution(Enum):
    """Alexa's entity resolution status for a slot value."""

    MATCH = "ER_SUCCESS_MATCH"
    NO_MATCH = "ER_SUCCESS_NO_MATCH"


@dataclass(frozen=True)
class SlotValue:
    """A filled slot: what was heard and what entity resolution made of it."""

    name: str
    slot_type: str
    heard: str
    status: Resolution
    value_id: str | None = None
    value_name: str | None = None
    guessed: bool = False  # resolved by stripping carrier words or by a near match


@dataclass(frozen=True)
class IntentMatch:
    """The intent an utterance resolved to, its filled slots, and how it was found."""

    intent: str
    slots: tuple[SlotValue, ...] = ()
    declared_slots: dict[str, str] = field(default_factory=dict)
    how: str = "sample"

    @property
    def guessed(self) -> str | None:
        """How the match was guessed, when it was not an exact sample or value."""
        guesses = [self.how] if self.how in ("tolerant",) or self.how.startswith("near") else []
        guesses += [f'"{s.heard}" as {s.value_name}' for s in self.slots if s.guessed]
        return "; ".join(guesses) or None

    def describe(self) -> str:
        """One line: `StartRoutineIntent {routine: "lower back" → lower-back}`, and a note
        when Alexa would have had to guess."""
        guessed = f" (guessed: {self.guessed})" if self.guessed else ""
        if not self.slots:
            empty = ", ".join(f"{name}: (empty)" for name in self.declared_slots)
            return self.intent + (f" {{{empty}}}" if empty else "") + guessed
        parts = [
            f'{s.name}: "{s.heard}" → {s.value_id if s.value_id else "no match"}'
            for s in self.slots
        ]
        return f"{self.intent} {{{', '.join(parts)}}}{guessed}"


class Kind(Enum):
    """What Alexa does with what was said."""

    LAUNCH = "launch"  # "open back stretch coach"
    ONE_SHOT = "one-shot"  # "ask back stretch coach to …": a new session with that intent
    IN_SESSION = "in-session"  # said to an open session (or, with none open, like a one-shot)
    EXIT = "exit"  # "exit": Alexa closes the session itself


@dataclass(frozen=True)
class Heard:
    """An utterance split into how it reaches the skill and the words left for the intent."""

    kind: Kind
    rest: str


@dataclass(frozen=True)
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    slot_names: tuple[str, ...]
    literal_words: frozenset[str]


class Nlu:
    """Resolves utterances against one interaction model."""

    def __init__(self, model: InteractionModel) -> None:
        self.model = model
        self.invocation = normalise_utterance(model.invocation_name)
        self._exact: dict[str, str] = {}
        self._patterns: list[_Pattern] = []
        for intent in model.intents:
            for sample in intent.samples:
                if _SLOT.search(sample):
                    self._patterns.append(_compile(intent.name, sample))
                else:
                    self._exact.setdefault(normalise_utterance(sample), intent.name)
        self._builtin: dict[str, str] = {}
        for name, phrases in builtin_phrases({i.name for i in model.intents}).items():
            for phrase in phrases:
                self._builtin.setdefault(normalise_utterance(phrase), name)
        self._invocation_forms = _invocation_forms(self.invocation)
        # Each slot type's values by every normalised name and synonym, for entity resolution.
        self._slot_names: dict[str, dict[str, SlotTypeValue]] = {
            slot_type: {
                key: value
                for value in values
                for key in (
                    normalise_utterance(value.name),
                    *(normalise_utterance(s) for s in value.synonyms),
                )
            }
            for slot_type, values in model.slot_types.items()
        }

    def hear(self, utterance: str) -> Heard:
        """Whether the utterance opens the skill, asks it something at once, or talks in session."""
        text = normalise_utterance(utterance)
        words = text.split()
        if words[:1] == ["alexa"]:
            text = " ".join(words[1:])
        if text in EXIT_PHRASES:
            return Heard(Kind.EXIT, "")
        for kind, form in self._invocation_forms:
            found = form.fullmatch(text)
            if found:
                rest = found.groupdict().get("rest") or ""
                return Heard(kind if rest else Kind.LAUNCH, rest)
        return Heard(Kind.IN_SESSION, text)

    def resolve(self, utterance: str) -> IntentMatch:
        """The intent and slots for words said inside a session; FallbackIntent when none fits."""
        text = normalise_utterance(utterance)
        found = self._strict(text)
        if found:
            return found
        tolerant = " ".join(w for w in text.split() if w not in FILLERS)
        if tolerant and tolerant != text:
            found = self._strict(tolerant)
            if found:
                return _with_how(found, "tolerant")
        near = difflib.get_close_matches(
            tolerant or text, [*self._exact, *self._builtin], n=1, cutoff=NEAR_MATCH_CUTOFF
        )
        if near:
            found = self._strict(near[0])
            if found:
                return _with_how(found, f'near "{near[0]}"')
        return IntentMatch(FALLBACK_INTENT, how="fallback")

    def _strict(self, text: str) -> IntentMatch | None:
        if text in self._exact:
            return self._bare(self._exact[text], "sample")
        if text in self._builtin:
            return self._bare(self._builtin[text], "built-in")
        return self._by_pattern(text)

    def _bare(self, name: str, how: str) -> IntentMatch:
        intent = self.model.intent(name)
        return IntentMatch(name, declared_slots=dict(intent.slots) if intent else {}, how=how)

    def _by_pattern(self, text: str) -> IntentMatch | None:
        best: tuple[tuple[int, int], IntentMatch] | None = None
        for pattern in self._patterns:
            found = pattern.regex.fullmatch(text)
            if not found:
                continue
            intent = self.model.intent(pattern.intent)
            declared = dict(intent.slots) if intent else {}
            slots = []
            for name in pattern.slot_names:
                heard = found.group(name)
                slots.append(self.resolve_slot(name, declared.get(name, ""), heard))
            resolved = all(s.status is Resolution.MATCH for s in slots)
            if not resolved and not pattern.literal_words - WEAK_CARRIERS:
                continue
            if any(len(s.heard.split()) > MAX_SLOT_WORDS for s in slots):
                continue
            rank = (int(resolved), len(pattern.literal_words))
            if best is None or rank > best[0]:
                best = (rank, IntentMatch(pattern.intent, tuple(slots), declared, "pattern"))
        return best[1] if best else None

    def resolve_slot(self, name: str, slot_type: str, heard: str) -> SlotValue:
        """Entity resolution: heard words against the slot type's values and synonyms; then,
        like Alexa, a guess: carrier words dropped ("the posture one"), or a near spelling.
        AMAZON.TIME is read as Alexa reads it ("8 30 pm" -> "20:30", "morning" -> "MO")."""
        if slot_type == "AMAZON.TIME":
            value = spoken_time_value(heard)
            status = Resolution.MATCH if value else Resolution.NO_MATCH
            return SlotValue(name, slot_type, heard, status, value, value)
        names = self._slot_names.get(slot_type, {})
        words = heard.split()
        if words and words[0] in WEAK_CARRIERS and " ".join(words[1:]) in names:
            words = words[1:]
        exact = names.get(" ".join(words))
        if exact is not None:
            return SlotValue(name, slot_type, heard, Resolution.MATCH, exact.id, exact.name)
        while words and words[0] in SLOT_CARRIERS_BEFORE:
            words = words[1:]
        while words and words[-1] in SLOT_CARRIERS_AFTER:
            words = words[:-1]
        stripped = " ".join(words)
        near = names.get(stripped)
        if near is None and stripped:
            close = difflib.get_close_matches(stripped, list(names), n=1, cutoff=SLOT_NEAR_CUTOFF)
            near = names[close[0]] if close else None
        if near is not None:
            return SlotValue(
                name, slot_type, heard, Resolution.MATCH, near.id, near.name, guessed=True
            )
        return SlotValue(name, slot_type, heard, Resolution.NO_MATCH)


_HOURS = {number_words(n): n for n in range(13)}
_MINUTES = {"oclock": 0, "fifteen": 15, "thirty": 30, "forty five": 45, "half": 30}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


def spoken_time_value(heard: str) -> str | None:
    """An AMAZON.TIME value for words heard: "HH:MM", or a part of the day's code."""
    words = [w for w in heard.split() if w not in {"at", "the", "in", "a", "m", "this"}]
    text = " ".join(words)
    if text in _PARTS:
        return _PARTS[text]
    if text in ("noon", "midday"):
        return "12:00"
    if text == "midnight":
        return "00:00"
    half = "pm" if words[-1:] in (["pm"], ["p"]) else "am" if words[-1:] in (["am"], ["a"]) else ""
    if half:
        words = words[:-1]
    if not words:
        return None
    hour_word, rest = words[0], " ".join(words[1:])
    hour = int(hour_word) if hour_word.isdigit() else _HOURS.get(hour_word)
    minute = int(rest) if rest.isdigit() else _MINUTES.get(rest, 0 if not rest else -1)
    if hour is None or minute < 0 or hour > 23 or minute > 59 or (half and not 1 <= hour <= 12):
        return None
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _with_how(match: IntentMatch, how: str) -> IntentMatch:
    return IntentMatch(match.intent, match.slots, match.declared_slots, how)


def _compile(intent: str, sample: str) -> _Pattern:
    parts: list[str] = []
    names: list[str] = []
    literal: set[str] = set()
    for piece in re.split(r"(\{\w+\})", sample):
        slot = _SLOT.fullmatch(piece)
        if slot:
            names.append(slot.group(1))
            parts.append(f"(?P<{slot.group(1)}>[a-z0-9]+(?: [a-z0-9]+)*)")
        elif normalise_utterance(piece):
            words = normalise_utterance(piece).split()
            literal.update(words)
            parts.append(re.escape(" ".join(words)))
    return _Pattern(intent, re.compile(" ".join(parts)), tuple(names), frozenset(literal))


def _invocation_forms(invocation: str) -> list[tuple[Kind, re.Pattern[str]]]:
    name = re.escape(invocation)
    rest = r"(?P<rest>.+)"
    opener = r"(?:open|launch|start|begin|load|run|use|play|talk to|ask|tell)"
    return [
        (Kind.LAUNCH, re.compile(rf"{opener} {name}")),
        (Kind.LAUNCH, re.compile(name)),
        (
            Kind.ONE_SHOT,
            re.compile(rf"(?:ask|tell) {name}(?: (?:to|for|about|if|whether))? {rest}"),
        ),
        (
            Kind.ONE_SHOT,
            re.compile(rf"(?:open|launch|start|use|run|load) {name} (?:and|to) {rest}"),
        ),
        (Kind.ONE_SHOT, re.compile(rf"{rest} (?:with|using|from|on) {name}")),
    ]
