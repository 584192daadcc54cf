"""skill-package/ is what `ask deploy` uploads: skill.json and every locale's interaction model,
valid against the ask-smapi-model classes, strictly (no unknown keys, no value outside an enum).
The models' drift from their sources is tests/unit/content/test_model.py's business."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer

from skill.catalog.model import MODELS_DIR, load_model, model_path
from skill.simulator.builtins import FALLBACK_INTENT
from skill.simulator.nlu import Kind, Nlu
from skill.voice.locales import LOCALES
from tests.support.settings import ROOT
from tests.support.smapi import INTERACTION_MODEL, MANIFEST, problems

PACKAGE = ROOT / "skill-package"
SKILL_JSON: dict[str, Any] = json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))
MANIFEST_BODY: dict[str, Any] = SKILL_JSON["manifest"]
PUBLISHING: dict[str, Any] = MANIFEST_BODY["publishingInformation"]
COUNTRY = {"en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU", "en-IN": "IN"}


def test_skill_json_is_a_valid_manifest() -> None:
    assert problems(SKILL_JSON, MANIFEST) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_model_is_a_valid_interaction_model(locale: str) -> None:
    text = model_path(locale).read_text(encoding="utf-8")
    assert problems(json.loads(text), INTERACTION_MODEL) == []
    built = DefaultSerializer().deserialize(text, INTERACTION_MODEL)
    assert built.interaction_model.language_model.invocation_name == "back stretch coach"


def test_the_package_holds_the_manifest_and_one_model_per_locale() -> None:
    files = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*") if p.is_file())
    models = sorted(f"interactionModels/custom/{locale}.json" for locale in LOCALES)
    assert files == sorted(["skill.json", *models])
    assert MODELS_DIR == PACKAGE / "interactionModels" / "custom"
    resources = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))
    assert resources["profiles"]["default"]["skillMetadata"] == {"src": "./skill-package"}


def test_the_serializer_alone_would_let_a_misspelt_field_through() -> None:
    """Why the strict walk exists: DefaultSerializer drops keys it does not know."""
    wrong = copy.deepcopy(SKILL_JSON)
    wrong["manifest"]["publishingInfo"] = wrong["manifest"].pop("publishingInformation")
    built = DefaultSerializer().deserialize(
        json.dumps({"manifest": {"manifestVersion": "1.0", "publishingInfo": {}}}), MANIFEST
    )
    assert built.manifest.publishing_information is None  # silently dropped
    assert problems(wrong, MANIFEST) == ["$.manifest.publishingInfo: not a field of SkillManifest"]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set("manifest.apis.custom.endpoint.sslCertificateType", "Sometimes"), "not one of"),
        (_set("manifest.publishingInformation.distributionCountries", ["XX"]), "'XX' is not"),
        (_set("manifest.publishingInformation.isAvailableWorldwide", "no"), "expected bool"),
        (_set("manifest.publishingInformation.locales.en-GB.examplePhrase", []), "not a field"),
        (_set("manifest.apis.custom.interfaces.0.supportedViewports.0.shape", "OVAL"), "not one"),
        (_set("manifest.apis.custom.interfaces.1", {"type": "HOLOGRAM"}), "'HOLOGRAM' is not"),
        (
            _set("manifest.apis.custom.interfaces.1.supportedViewports", []),
            "CAN_FULFILL_INTENT_REQUEST takes no other keys",
        ),
        (_set("manifest.privacyAndCompliance.containsAds", 0), "expected bool"),
        (_set("manifest.manifestVersion", "2.0"), "'2.0' is not"),
    ],
)
def test_the_strict_check_fails_on_unknown_keys_enum_values_and_types(
    change: Callable[[dict[str, Any]], None], problem: str
) -> None:
    wrong = copy.deepcopy(SKILL_JSON)
    change(wrong)
    found = problems(wrong, MANIFEST)
    assert len(found) == 1
    assert problem in found[0]


def test_a_model_with_a_misspelt_field_fails() -> None:
    wrong = json.loads(model_path("en-GB").read_text(encoding="utf-8"))
    wrong["interactionModel"]["languageModel"]["intents"][0]["sample"] = ["hello"]
    assert problems(wrong, INTERACTION_MODEL) == [
        "$.interactionModel.languageModel.intents[0].sample: not a field of Intent"
    ]


def test_every_locale_is_published_in_its_country_with_its_privacy_links() -> None:
    privacy = MANIFEST_BODY["privacyAndCompliance"]
    assert list(PUBLISHING["locales"]) == list(privacy["locales"]) == list(LOCALES)
    assert PUBLISHING["isAvailableWorldwide"] is False
    assert {COUNTRY[locale] for locale in LOCALES} <= set(PUBLISHING["distributionCountries"])
    assert PUBLISHING["category"] == "HEALTH_AND_FITNESS"  # a str in the model; Amazon's enum
    for links in privacy["locales"].values():
        for url in (links["privacyPolicyUrl"], links["termsOfUseUrl"]):
            # docs/deploying.md says to fill them in
            assert url.startswith("https://example.com/REPLACE-")
    assert privacy["usesPersonalInfo"] is False
    assert privacy["allowsPurchases"] is False
    assert privacy["isChildDirected"] is False
    assert privacy["containsAds"] is False
    assert privacy["isExportCompliant"] is True
    # The one permission: Alexa reminders, for "remind me every day at 8".
    assert MANIFEST_BODY["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]


@pytest.mark.parametrize("locale", LOCALES)
def test_each_description_says_it_is_not_medical_advice_within_amazons_limits(
    locale: str,
) -> None:
    info = PUBLISHING["locales"][locale]
    assert "not medical advice" in info["description"]
    assert len(info["name"]) <= 50
    assert len(info["summary"]) <= 160
    assert len(info["description"]) <= 4000
    assert 1 <= len(info["keywords"]) <= 30


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_open_first_and_each_is_understood_in_its_locale(locale: str) -> None:
    phrases = PUBLISHING["locales"][locale]["examplePhrases"]
    assert phrases[0] == "Alexa, open back stretch coach"
    assert 1 <= len(phrases) <= 3
    nlu = Nlu(load_model(locale))
    assert nlu.hear(phrases[0]).kind is Kind.LAUNCH
    for phrase in phrases[1:]:
        heard = nlu.hear(phrase)
        assert heard.kind is Kind.ONE_SHOT, phrase
        match = nlu.resolve(heard.rest)
        assert match.intent != FALLBACK_INTENT, phrase
        assert match.guessed is None, phrase  # a sample as written, as certification requires
        assert all(slot.value_id for slot in match.slots), phrase


def test_the_endpoint_and_interfaces_the_skill_uses_are_declared() -> None:
    custom = MANIFEST_BODY["apis"]["custom"]
    assert custom["endpoint"]["uri"].startswith("https://")
    assert custom["endpoint"]["uri"].endswith("/alexa")
    assert custom["endpoint"]["sslCertificateType"] == "Trusted"  # required to publish
    interfaces = {i["type"]: i for i in custom["interfaces"]}
    assert set(interfaces) == {"ALEXA_PRESENTATION_APL", "CAN_FULFILL_INTENT_REQUEST"}
    viewports = interfaces["ALEXA_PRESENTATION_APL"]["supportedViewports"]
    assert {(v["mode"], v["shape"]) for v in viewports} == {
        ("HUB", "ROUND"),
        ("HUB", "RECTANGLE"),
        ("TV", "RECTANGLE"),
    }
    for viewport in viewports:
        assert viewport["minWidth"] <= viewport["maxWidth"]
        assert viewport["minHeight"] <= viewport["maxHeight"]


def test_the_skill_hears_when_it_is_disabled_at_its_own_endpoint() -> None:
    # So an account's data is deleted when it disables the skill (AlexaSkillEvent.SkillDisabled).
    events = MANIFEST_BODY["events"]
    assert events["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]
    assert events["endpoint"] == MANIFEST_BODY["apis"]["custom"]["endpoint"]


def test_no_model_file_is_kept_outside_the_package() -> None:
    """interaction_models/ holds the sources only: one copy of each generated model."""
    assert sorted(p.name for p in (ROOT / "interaction_models").iterdir()) == [
        "locales.yaml",
        "source.json",
    ]
