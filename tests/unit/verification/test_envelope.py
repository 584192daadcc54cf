"""Checks 5 and 6: request freshness and the skill's application id."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.verification.envelope import ApplicationIdVerifier, TimestampVerifier
from skill.verification.errors import VerificationError
from tests.support.pki import NOW, SKILL_ID, FakeClock, envelope


@pytest.fixture
def timestamps(clock: FakeClock) -> TimestampVerifier:
    return TimestampVerifier(clock)


@pytest.mark.parametrize("offset", [-149, 0, 149, 150, -150])
def test_request_within_150_seconds_passes(timestamps: TimestampVerifier, offset: int) -> None:
    timestamps.verify({}, b"", envelope(timestamp=NOW + timedelta(seconds=offset)))


@pytest.mark.parametrize("offset", [-151, 151, -86_400])
def test_stale_or_future_request_is_refused(timestamps: TimestampVerifier, offset: int) -> None:
    with pytest.raises(VerificationError, match="from now"):
        timestamps.verify({}, b"", envelope(timestamp=NOW + timedelta(seconds=offset)))


@pytest.mark.parametrize("offset", [-3599, 3599])
def test_skill_event_gets_an_hour_of_tolerance(timestamps: TimestampVerifier, offset: int) -> None:
    event = envelope(
        timestamp=NOW + timedelta(seconds=offset), request_type="AlexaSkillEvent.SkillEnabled"
    )
    timestamps.verify({}, b"", event)


@pytest.mark.parametrize("offset", [-3601, 3601])
def test_skill_event_older_than_an_hour_is_refused(
    timestamps: TimestampVerifier, offset: int
) -> None:
    event = envelope(
        timestamp=NOW + timedelta(seconds=offset),
        request_type="AlexaSkillEvent.SkillPermissionChanged",
    )
    with pytest.raises(VerificationError, match="allowed 3600 s"):
        timestamps.verify({}, b"", event)


def test_other_request_types_do_not_get_the_skill_event_tolerance(
    timestamps: TimestampVerifier,
) -> None:
    for request_type in (
        "IntentRequest",
        "AlexaSkillEventSkillEnabled",
        "Messaging.AlexaSkillEvent.",
    ):
        with pytest.raises(VerificationError, match="allowed 150 s"):
            timestamps.verify(
                {}, b"", envelope(timestamp=NOW - timedelta(seconds=600), request_type=request_type)
            )


def test_timestamp_follows_the_clock(clock: FakeClock, timestamps: TimestampVerifier) -> None:
    request = envelope()
    timestamps.verify({}, b"", request)
    clock.advance(151)
    with pytest.raises(VerificationError):
        timestamps.verify({}, b"", request)


@pytest.mark.parametrize(
    "timestamp",
    [
        None,
        1_795_000_000,
        "",
        "yesterday",
        "2026-11-21T10:00:00",
        "2026-11-21",
        "2026-13-01T00:00:00Z",
    ],
)
def test_missing_or_malformed_timestamp_is_refused(
    timestamps: TimestampVerifier, timestamp: object
) -> None:
    request = envelope()
    request["request"]["timestamp"] = timestamp  # type: ignore[index]
    with pytest.raises(VerificationError, match=r"request\.timestamp"):
        timestamps.verify({}, b"", request)


def test_timestamp_with_fraction_and_offset_is_understood(timestamps: TimestampVerifier) -> None:
    request = envelope()
    request["request"]["timestamp"] = "2026-11-21T11:03:00.250+01:00"  # type: ignore[index]
    with pytest.raises(VerificationError, match="180 s from now"):
        timestamps.verify({}, b"", request)
    request["request"]["timestamp"] = "2026-11-21T11:02:29.750+01:00"  # type: ignore[index]
    timestamps.verify({}, b"", request)


@pytest.mark.parametrize("parsed", [None, [], "{}", {"request": "LaunchRequest"}])
def test_envelope_that_is_not_a_request_object_is_refused(
    timestamps: TimestampVerifier, parsed: object
) -> None:
    with pytest.raises(VerificationError):
        timestamps.verify({}, b"", parsed)  # type: ignore[arg-type]


# --- application id ---


@pytest.fixture
def app_ids() -> ApplicationIdVerifier:
    return ApplicationIdVerifier(SKILL_ID)


def test_request_for_this_skill_passes(app_ids: ApplicationIdVerifier) -> None:
    app_ids.verify({}, b"", envelope())


def test_request_for_another_skill_is_refused(app_ids: ApplicationIdVerifier) -> None:
    with pytest.raises(VerificationError, match="not this skill's"):
        app_ids.verify({}, b"", envelope(app_id="amzn1.ask.skill.someone-else"))


def test_session_application_id_is_used_when_context_has_none(
    app_ids: ApplicationIdVerifier,
) -> None:
    request = envelope()
    del request["context"]
    app_ids.verify({}, b"", request)
    request["session"]["application"]["applicationId"] = "amzn1.ask.skill.other"  # type: ignore[index]
    with pytest.raises(VerificationError):
        app_ids.verify({}, b"", request)


def test_context_application_id_wins_over_the_session(app_ids: ApplicationIdVerifier) -> None:
    request = envelope(app_id="amzn1.ask.skill.other")
    request["session"]["application"]["applicationId"] = SKILL_ID  # type: ignore[index]
    with pytest.raises(VerificationError):
        app_ids.verify({}, b"", request)


def test_request_without_any_application_id_is_refused(app_ids: ApplicationIdVerifier) -> None:
    request = envelope()
    del request["context"]
    del request["session"]
    with pytest.raises(VerificationError, match="no applicationId"):
        app_ids.verify({}, b"", request)


def test_application_id_must_match_exactly(app_ids: ApplicationIdVerifier) -> None:
    for near_miss in (SKILL_ID.upper(), SKILL_ID + " ", SKILL_ID[:-1]):
        with pytest.raises(VerificationError):
            app_ids.verify({}, b"", envelope(app_id=near_miss))


def test_empty_skill_id_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        ApplicationIdVerifier("")
