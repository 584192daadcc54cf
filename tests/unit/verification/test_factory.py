"""build_verifiers wiring, the web layer's pipeline built by its own factory, and trust stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.verification import (
    ApplicationIdVerifier,
    RequestVerifier,
    SignatureVerifier,
    TimestampVerifier,
    VerificationError,
    build_verifiers,
)
from skill.verification.pipeline import Verification, build_verification
from skill.verification.trust import default_roots_path, load_roots
from tests.support.pki import CERT_URL, SKILL_ID, FakeClock, FakeFetcher, Pki, envelope, pem, sign
from tests.support.settings import make_settings


def test_factory_returns_signature_first_then_envelope_checks(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    verifiers = build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    assert [type(v) for v in verifiers] == [
        SignatureVerifier,
        TimestampVerifier,
        ApplicationIdVerifier,
    ]


def test_factory_skips_the_application_id_check_without_a_skill_id(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    verifiers = build_verifiers(None, roots=[pki.root], fetcher=fetcher, clock=clock)
    assert [type(v) for v in verifiers] == [SignatureVerifier, TimestampVerifier]


def _web_pipeline(verifiers: list[RequestVerifier]) -> Verification:
    """The web layer's verification, built by the app's own factory around these verifiers."""
    return build_verification(make_settings(verify_requests=True, skill_id=SKILL_ID), verifiers)


def _serve(verification: Verification, headers: dict[str, str], body: bytes) -> None:
    """What the endpoint does: signature on the raw bytes, then parse, then the envelope checks."""
    verification.check_raw(headers, body)
    verification.check_envelope(headers, body, json.loads(body))


def test_the_web_pipeline_accepts_a_genuine_request_and_refuses_a_foreign_one(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    verifiers = build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    verification = _web_pipeline(verifiers)
    assert verification.on_raw_body == verifiers[:1]
    assert verification.on_envelope == verifiers[1:]
    ours = json.dumps(envelope()).encode()
    _serve(
        verification,
        {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, ours)},
        ours,
    )

    theirs = json.dumps(envelope(app_id="amzn1.ask.skill.other")).encode()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, theirs)}
    with pytest.raises(VerificationError, match="not this skill's"):
        _serve(verification, headers, theirs)


def test_the_web_pipeline_refuses_a_forged_signature_before_reading_the_envelope(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    verification = _web_pipeline(
        build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    )
    body = b"not even json"
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.other_key, body)}
    with pytest.raises(VerificationError):
        verification.check_raw(headers, body)


def test_factory_refuses_an_empty_trust_store(fetcher: FakeFetcher, clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="trusted root"):
        build_verifiers(SKILL_ID, roots=[], fetcher=fetcher, clock=clock)


def test_ssl_cert_file_names_the_trust_store(tmp_path: Path, pki: Pki) -> None:
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(b"# comment line\n" + pem(pki.root, pki.untrusted_root))
    path = default_roots_path({"SSL_CERT_FILE": str(bundle)})
    assert path == bundle
    assert load_roots(path) == [pki.root, pki.untrusted_root]


def test_default_roots_come_from_ssl_cert_file_in_the_environment(
    tmp_path: Path,
    pki: Pki,
    fetcher: FakeFetcher,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(pem(pki.root))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    verifier, *_ = build_verifiers(None, fetcher=fetcher, clock=clock)
    body = json.dumps(envelope()).encode()
    verifier.verify(
        {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, body)}, body, None
    )


def test_missing_ssl_cert_file_fails_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nope.pem"))
    with pytest.raises(FileNotFoundError, match=r"nope\.pem"):
        build_verifiers(SKILL_ID)


def test_without_ssl_cert_file_a_real_bundle_is_found_and_loads() -> None:
    path = default_roots_path({})
    assert path.is_file()
    # Any real bundle holds many public roots; an unreadable legacy one is skipped, not fatal.
    assert len(load_roots(path)) > 50


def test_bundle_without_certificates_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("nothing here\n")
    with pytest.raises(ValueError, match="no trusted root"):
        load_roots(empty)
