"""The claim a verified request makes against replays: its id, kept as long as its timestamp
would still be accepted (twice the tolerance: before and after)."""

from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest

from skill.verification.constants import SKILL_EVENT_TIMESTAMP_TOLERANCE_S, TIMESTAMP_TOLERANCE_S
from skill.verification.errors import VerificationError
from skill.verification.replay import new_token, replay_claim


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


def test_every_claim_has_a_token_of_its_own_across_threads() -> None:
    def claims(count: int) -> list[str]:
        return [
            replay_claim({"request": {"type": "IntentRequest", "requestId": f"r{i}"}}).token
            for i in range(count)
        ]

    with ThreadPoolExecutor(max_workers=4) as pool:
        tokens = [token for batch in pool.map(claims, [500] * 8) for token in batch]
    assert len(set(tokens)) == len(tokens) == 4000


def test_a_claims_token_asks_the_kernel_for_no_random_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*args: object) -> bytes:
        raise AssertionError("random bytes drawn for a claim")

    monkeypatch.setattr(os, "urandom", refused)
    monkeypatch.setattr(secrets, "token_hex", refused)
    first = replay_claim({"request": {"type": "IntentRequest", "requestId": "r1"}})
    second = replay_claim({"request": {"type": "IntentRequest", "requestId": "r1"}})
    assert first.token != second.token


def test_a_forked_process_makes_tokens_the_one_it_was_forked_from_never_makes() -> None:
    before = new_token()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its next tokens, then out at once (no pytest teardown here)
        try:
            os.write(writer, " ".join(new_token() for _ in range(3)).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        theirs = pipe.read().decode().split()
    os.waitpid(child, 0)
    ours = [new_token() for _ in range(3)]
    assert len(theirs) == 3
    # Forked right after `before`: without a new prefix the child would count on from it and
    # make exactly the tokens this process makes next.
    assert not set(theirs) & set(ours)
    assert {token.split("-")[0] for token in theirs}.isdisjoint({before.split("-")[0]})
