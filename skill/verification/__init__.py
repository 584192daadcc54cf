"""Alexa request verification: run before any request JSON is trusted.

The web layer calls ``build_verifiers(skill_id)`` once at start-up, then per request runs the
first verifier (``SignatureVerifier``) on the raw body bytes, parses the JSON, and runs the rest
on the parsed envelope. Every failed check raises ``VerificationError``; map it to HTTP 400.
"""

from skill.verification.envelope import ApplicationIdVerifier, TimestampVerifier
from skill.verification.errors import VerificationError
from skill.verification.factory import build_verifiers
from skill.verification.protocol import RequestVerifier
from skill.verification.signature import SignatureVerifier

__all__ = [
    "ApplicationIdVerifier",
    "RequestVerifier",
    "SignatureVerifier",
    "TimestampVerifier",
    "VerificationError",
    "build_verifiers",
]
