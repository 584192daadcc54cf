"""The seam where every request is verified before its JSON is trusted: the checks on the raw
body, then on the parsed envelope, as configured. Anything a verifier raises is a
VerificationError here, which the web layer answers with HTTP 400."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from skill.config import Settings
from skill.verification.errors import VerificationError
from skill.verification.factory import build_verifiers
from skill.verification.fetch import CertFetcher
from skill.verification.protocol import RequestVerifier
from skill.verification.replay import ReplayClaim, replay_claim

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verification:
    """Checks run on the raw body before parsing, and on the parsed envelope after.

    Any exception a verifier raises (VerificationError or a bug) becomes a VerificationError.
    With replays refused, a request that passes everything comes with the claim on its request id
    that the endpoint and the turn's save make in Redis (skill.verification.replay)."""

    enabled: bool
    on_raw_body: list[RequestVerifier] = field(default_factory=list)
    on_envelope: list[RequestVerifier] = field(default_factory=list)
    refuse_replays: bool = False

    def check_raw(self, headers: Mapping[str, str], body: bytes) -> None:
        """Signature checks on the raw bytes; VerificationError when any fails."""
        if not self.enabled:
            log.warning("request accepted WITHOUT verification (ALEXA_VERIFY_REQUESTS=false)")
            return
        for verifier in self.on_raw_body:
            _run(verifier, headers, body, None)

    def check_envelope(
        self, headers: Mapping[str, str], body: bytes, envelope: Any
    ) -> ReplayClaim | None:
        """Timestamp and application id checks on the parsed envelope; then the claim on its
        request id to make, when replays are refused."""
        if not self.enabled:
            return None
        for verifier in self.on_envelope:
            _run(verifier, headers, body, envelope)
        return replay_claim(envelope) if self.refuse_replays else None


def _run(verifier: RequestVerifier, headers: Mapping[str, str], body: bytes, envelope: Any) -> None:
    try:
        verifier.verify(headers, body, envelope)
    except Exception as exc:  # any verifier error, or a bug in one, is a refusal, never a 500
        raise VerificationError(f"{type(exc).__name__}: {exc}") from exc


def build_verification(
    settings: Settings,
    verifiers: list[RequestVerifier] | None = None,
    refuse_replays: bool = False,
    fetcher: CertFetcher | None = None,
) -> Verification:
    """Verification as configured: Amazon's signature, timestamp and skill id checks (and a
    claim against replays), or off.

    verifiers (signature first) replace the default ones, for tests with their own trust store;
    fetcher downloads the certificate chain for the default ones."""
    if not settings.verify_requests:
        log.warning(
            "ALEXA_VERIFY_REQUESTS=false: requests are NOT verified. Anyone who can reach this "
            "endpoint can drive any user's session. Never run a public endpoint like this."
        )
        return Verification(enabled=False)
    if settings.skill_id is None:  # only when waived (ALEXA_SKILL_ID_WAIVED=true) or in tests
        log.warning(
            "ALEXA_SKILL_ID is not set (waived): requests signed by Alexa for ANY skill are "
            "accepted. Set it to this skill's id (amzn1.ask.skill...) in production."
        )
    signature, *envelope_checks = verifiers or build_verifiers(settings.skill_id, fetcher=fetcher)
    return Verification(True, [signature], envelope_checks, refuse_replays)
