"""Utterances resolve to intents and slots from the interaction model, as Alexa would."""

from __future__ import annotations

import pytest

from skill.catalog.model import load_model, parse_model
from skill.simulator.builtins import FALLBACK_INTENT
from skill.simulator.nlu import Kind, Nlu, Resolution, normalise_utterance

MODEL = load_model()
NLU = Nlu(MODEL)
# One test per intent and per routine, each trying all of its words and naming every miss: a
# test of its own for each of the 1,250-odd phrases cost pytest more than the phrase's check.
LITERAL_SAMPLES = {
    intent.name: [sample for sample in intent.samples if "{" not in sample]
    for intent in MODEL.intents
}
ROUTINE_VALUES = {value.id: value for value in MODEL.slot_types["ROUTINE"]}
CARRIERS = ["start my {}", "let's do {}", "{}", "take me through {}"]


@pytest.mark.parametrize("intent", [name for name, samples in LITERAL_SAMPLES.items() if samples])
def test_every_sample_in_the_model_resolves_to_its_own_intent(intent: str) -> None:
    heard = {sample: NLU.resolve(sample).intent for sample in LITERAL_SAMPLES[intent]}
    wrong = [f"{sample!r} -> {found}" for sample, found in heard.items() if found != intent]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("routine_id", ROUTINE_VALUES)
def test_every_routine_synonym_resolves_to_the_routine_id(routine_id: str) -> None:
    value = ROUTINE_VALUES[routine_id]
    said = [carrier.format(word) for word in (value.name, *value.synonyms) for carrier in CARRIERS]
    wrong = []
    for utterance in said:
        found = NLU.resolve(utterance)
        slots = [(s.status, s.value_id, s.value_name) for s in found.slots]
        if found.intent != "StartRoutineIntent" or slots != [
            (Resolution.MATCH, routine_id, value.name)
        ]:
            wrong.append(f"{utterance!r} -> {found.describe()}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("Next.", "AMAZON.NextIntent"),
        ("OK, next please", "AMAZON.NextIntent"),
        ("Alexa, repeat.", "AMAZON.RepeatIntent"),
        ("how long should I hold it", "HoldDurationIntent"),
        ("how's this help my back", "ExplainMoveIntent"),
        ("Where am I?", "WhereAmIIntent"),
        ("skip this one please", "SkipIntent"),
        ("ouch!", "PainIntent"),
        ("what routines do you have?", "ListRoutinesIntent"),
        ("um, start over", "AMAZON.StartOverIntent"),
        # Issue 22: "this one", "can I do", and pain described rather than named.
        ("so why does this one help?", "ExplainMoveIntent"),
        ("what's this one good for", "ExplainMoveIntent"),
        ("which stretches can I do?", "ListRoutinesIntent"),
        ("OK what exercises can I do", "ListRoutinesIntent"),
        ("it's a stabbing pain", "PainIntent"),
        ("ow, it's throbbing", "PainIntent"),
        ("I've got a cramp", "PainIntent"),
        ("what are the warning signs?", "WarningSignsIntent"),
        ("when should I see a doctor", "WarningSignsIntent"),
    ],
)
def test_near_variants_of_samples_still_resolve(said: str, intent: str) -> None:
    assert NLU.resolve(said).intent == intent


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("stop", "AMAZON.StopIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("yes please", "AMAZON.YesIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("pause", "AMAZON.PauseIntent"),
        ("take a break", "AMAZON.PauseIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
    ],
)
def test_built_in_intents_resolve_from_their_usual_phrases(said: str, intent: str) -> None:
    assert NLU.resolve(said).intent == intent


@pytest.mark.parametrize(
    "said", ["what's the weather", "order me a pizza", "the kitchen", "blah blah blah", ""]
)
def test_anything_unmatched_is_the_fallback_intent(said: str) -> None:
    found = NLU.resolve(said)
    assert found.intent == FALLBACK_INTENT
    assert found.slots == ()


def test_an_unknown_routine_name_is_heard_but_not_matched() -> None:
    found = NLU.resolve("start my hot yoga")
    assert found.intent == "StartRoutineIntent"
    (slot,) = found.slots
    assert slot.heard == "hot yoga"
    assert slot.status is Resolution.NO_MATCH
    assert slot.value_id is None
    assert found.describe() == 'StartRoutineIntent {routine: "hot yoga" → no match}'


def test_the_carrier_with_a_resolving_slot_wins_over_a_looser_one() -> None:
    found = NLU.resolve("start my lower back stretches")
    assert found.describe() == ('StartRoutineIntent {routine: "lower back stretches" → lower-back}')


def test_a_sample_without_its_slot_declares_the_slot_empty() -> None:
    found = NLU.resolve("start")
    assert found.intent == "StartRoutineIntent"
    assert found.slots == ()
    assert found.declared_slots == {"routine": "ROUTINE"}
    assert found.describe() == "StartRoutineIntent {routine: (empty)}"


def test_an_exact_custom_sample_beats_a_built_in_phrase() -> None:
    model = parse_model(
        {
            "interactionModel": {
                "languageModel": {
                    "invocationName": "test skill",
                    "intents": [
                        {"name": "AMAZON.HelpIntent", "samples": []},
                        {"name": "HelpMeStretchIntent", "samples": ["help me"]},
                    ],
                }
            }
        }
    )
    nlu = Nlu(model)
    assert nlu.resolve("help me").intent == "HelpMeStretchIntent"
    assert nlu.resolve("help").intent == "AMAZON.HelpIntent"


def test_built_ins_the_model_does_not_list_are_not_resolved() -> None:
    model = parse_model(
        {
            "interactionModel": {
                "languageModel": {
                    "invocationName": "test skill",
                    "intents": [{"name": "AMAZON.StopIntent", "samples": []}],
                }
            }
        }
    )
    assert Nlu(model).resolve("yes").intent == FALLBACK_INTENT


@pytest.mark.parametrize(
    "said",
    ["open back stretch coach", "Alexa, launch Back Stretch Coach", "ask back stretch coach"],
)
def test_opening_the_skill_by_name_is_a_launch(said: str) -> None:
    assert NLU.hear(said).kind is Kind.LAUNCH


@pytest.mark.parametrize(
    ("said", "rest"),
    [
        (
            "Alexa, ask back stretch coach to start my lower back stretches.",
            "start my lower back stretches",
        ),
        ("tell back stretch coach to resume", "resume"),
        ("ask back stretch coach where am I", "where am i"),
        ("open back stretch coach and start lumbar", "start lumbar"),
        ("start my lower back stretches with back stretch coach", "start my lower back stretches"),
    ],
)
def test_one_shot_forms_carry_the_words_for_the_intent(said: str, rest: str) -> None:
    heard = NLU.hear(said)
    assert heard.kind is Kind.ONE_SHOT
    assert heard.rest == rest


def test_exit_is_alexas_own_command_and_plain_words_talk_in_session() -> None:
    assert NLU.hear("Alexa, exit").kind is Kind.EXIT
    assert NLU.hear("next").kind is Kind.IN_SESSION


def test_normalising_drops_case_punctuation_and_apostrophes() -> None:
    assert normalise_utterance("  What’s NEXT?! I'm ready. ") == "whats next im ready"


@pytest.mark.parametrize(
    ("said", "routine"),
    [
        ("start the posture one", "upper-back"),
        ("I want to do the neck one", "neck-shoulders"),
        ("stretches for my lower back", "lower-back"),
        ("start the lowr back routine", "lower-back"),
    ],
)
def test_near_matches_resolve_like_alexa_and_say_when_they_guessed(said: str, routine: str) -> None:
    match = NLU.resolve(said)
    assert match.intent == "StartRoutineIntent"
    assert [s.value_id for s in match.slots] == [routine]


def test_a_guess_is_shown_and_an_exact_match_is_not() -> None:
    guessed = NLU.resolve("start the lowr back routine")
    assert guessed.guessed is not None
    assert "guessed" in guessed.describe()
    exact = NLU.resolve("start lower back stretches")
    assert exact.guessed is None
    assert "guessed" not in exact.describe()


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("I'm done for today", "DoneForTodayIntent"),
        ("that's too hard", "TooHardIntent"),
        ("hold on", "WaitIntent"),
        ("give me a minute", "WaitIntent"),
        ("how much longer", "TimeLeftIntent"),
        ("how many are left", "TimeLeftIntent"),
        ("a quick upper back", "QuickRoutineIntent"),  # as the routine list says to
        ("the short version", "QuickRoutineIntent"),
        ("I only have five minutes", "QuickRoutineIntent"),
        ("keep both", "AddReminderIntent"),
    ],
)
def test_what_people_really_say_reaches_its_intent(said: str, intent: str) -> None:
    assert NLU.resolve(said).intent == intent
