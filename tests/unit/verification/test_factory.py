"""build_verifiers wiring, the whole pipeline in the web layer's order, and trust-store loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill.verification import (
    ApplicationIdVerifier,
    SignatureVerifier,
    TimestampVerifier,
    VerificationError,
    build_verifiers,
)
from skill.verification.trust import default_roots_path, load_roots
from tests.support.pki import CERT_URL, SKILL_ID, FakeClock, FakeFetcher, Pki, envelope, pem, sign


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


def _run_pipeline(verifiers: list[object], headers: dict[str, str], body: bytes) -> None:
    """What the web layer does: signature on raw bytes, then parse, then the rest."""
    first, *rest = verifiers
    first.verify(headers, body, None)  # type: ignore[attr-defined]
    parsed = json.loads(body)
    for verifier in rest:
        verifier.verify(headers, body, parsed)  # type: ignore[attr-defined]


def test_pipeline_accepts_a_genuine_request_and_refuses_a_foreign_one(
    pki: Pki, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    verifiers = build_verifiers(SKILL_ID, roots=[pki.root], fetcher=fetcher, clock=clock)
    ours = json.dumps(envelope()).encode()
    _run_pipeline(
        verifiers,
        {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, ours)},
        ours,
    )  # type: ignore[arg-type]

    theirs = json.dumps(envelope(app_id="amzn1.ask.skill.other")).encode()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": sign(pki.leaf_key, theirs)}
    with pytest.raises(VerificationError, match="not this skill's"):
        _run_pipeline(verifiers, headers, theirs)  # type: ignore[arg-type]


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
