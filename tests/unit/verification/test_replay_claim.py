"""The claim a verified request makes against replays: its id, kept as long as its timestamp
would still be accepted (twice the tolerance: before and after)."""

from __future__ import annotations

import pytest

from skill.verification.constants import SKILL_EVENT_TIMESTAMP_TOLERANCE_S, TIMESTAMP_TOLERANCE_S
from skill.verification.errors import VerificationError
from skill.verification.replay import replay_claim


@pytest.mark.parametrize(
    ("kind", "kept"),
    [
        ("IntentRequest", 2 * TIMESTAMP_TOLERANCE_S),
        ("LaunchRequest", 2 * TIMESTAMP_TOLERANCE_S),
        ("AlexaSkillEvent.SkillEnabled", 2 * SKILL_EVENT_TIMESTAMP_TOLERANCE_S),
    ],
)
def test_an_id_is_kept_for_twice_its_requests_timestamp_tolerance(kind: str, kept: int) -> None:
    claim = replay_claim({"request": {"type": kind, "requestId": "amzn1.echo-api.request.1"}})
    assert (claim.request_id, claim.ttl, claim.fresh) == ("amzn1.echo-api.request.1", kept, None)


@pytest.mark.parametrize("request_id", [None, "", 7, ["amzn1"]])
def test_a_request_without_a_usable_id_is_refused(request_id: object) -> None:
    with pytest.raises(VerificationError, match="requestId"):
        replay_claim({"request": {"type": "IntentRequest", "requestId": request_id}})
