"""Issue 10, abuse without a signature: header syntax before any download, one download per URL
at a time, a per-minute limit, and one real deadline for the whole download."""

from __future__ import annotations

import base64
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from skill.verification.cert_cache import CertChainCache
from skill.verification.errors import VerificationError
from skill.verification.fetch import (
    CertificateDownloadError,
    CertificateMissingError,
    UrllibFetcher,
    build_default_opener,
)
from skill.verification.signature import SignatureVerifier
from tests.support.pki import CERT_URL, FakeClock, FakeFetcher, Pki, make_leaf, pem, sign

OTHER_URL = "https://s3.amazonaws.com/echo.api/other.pem"


def refusal(verifier: SignatureVerifier, headers: dict[str, str], body: bytes) -> str:
    with pytest.raises(VerificationError) as refused:
        verifier.verify(headers, body)
    return refused.value.reason


@pytest.mark.parametrize(
    "signature",
    [
        base64.b64encode(b"x" * 255).decode(),  # valid base64, one byte short of RSA-2048
        base64.b64encode(b"x" * 257).decode(),
        "!" * 344,  # RSA-2048 length, not base64
        "A" * 100_000,
    ],
)
def test_a_malformed_signature_never_triggers_a_download(
    verifier: SignatureVerifier, fetcher: FakeFetcher, body: bytes, signature: str
) -> None:
    headers = {"SignatureCertChainUrl": OTHER_URL, "Signature-256": signature}
    assert "base64" in refusal(verifier, headers, body)
    assert fetcher.calls == []


def test_a_malformed_url_never_triggers_a_download(
    verifier: SignatureVerifier, fetcher: FakeFetcher, pki: Pki, body: bytes
) -> None:
    headers = {
        "SignatureCertChainUrl": "https://s3.amazonaws.com/elsewhere/c.pem",
        "Signature-256": sign(pki.leaf_key, body),
    }
    refusal(verifier, headers, body)
    assert fetcher.calls == []


def test_concurrent_requests_for_one_url_share_one_download(pki: Pki, clock: FakeClock) -> None:
    release = threading.Event()
    calls: list[str] = []

    def slow(url: str) -> bytes:
        calls.append(url)
        release.wait(5)
        return pki.chain_pem

    cache = CertChainCache(slow, clock)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get(CERT_URL))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.2)  # all eight are waiting on the one download
    release.set()
    for thread in threads:
        thread.join(5)
    assert calls == [CERT_URL]
    assert len(results) == 8
    assert all(r is results[0] for r in results)


def test_a_failed_shared_download_fails_every_waiter(clock: FakeClock) -> None:
    release = threading.Event()

    def broken(url: str) -> bytes:
        release.wait(5)
        raise OSError("connection reset")

    cache = CertChainCache(broken, clock)
    errors: list[str] = []

    def get() -> None:
        try:
            cache.get(CERT_URL)
        except VerificationError as exc:
            errors.append(exc.reason)

    threads = [threading.Thread(target=get) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(errors) == 4
    assert all("connection reset" in reason for reason in errors)


def test_downloads_are_limited_per_minute_but_a_known_good_url_is_always_refreshed(
    pki: Pki, clock: FakeClock
) -> None:
    fetcher = FakeFetcher({CERT_URL: pki.chain_pem})
    cache = CertChainCache(
        fetcher, clock, downloads_per_minute=2, ttl=__import__("datetime").timedelta(seconds=1)
    )
    cache.get(CERT_URL)  # one of Amazon's names: not counted
    cache.mark_good(CERT_URL)
    for n in range(2):
        with pytest.raises(VerificationError, match="certificate download failed"):
            cache.get(f"https://s3.amazonaws.com/echo.api/{n}.pem")
    with pytest.raises(VerificationError, match="over 2 a minute"):
        cache.get("https://s3.amazonaws.com/echo.api/flood.pem")
    assert len(fetcher.calls) == 3  # the refused one was never asked for
    clock.advance(2)  # Amazon's chain expired from the cache while the limit is reached
    assert cache.get(CERT_URL).leaf == pki.leaf
    clock.advance(60)
    with pytest.raises(VerificationError, match="certificate download failed"):
        cache.get("https://s3.amazonaws.com/echo.api/flood.pem")  # a minute later: allowed


@pytest.mark.parametrize(
    "name",
    ["echo-api-cert.pem", "echo-api-cert-4.pem", "echo-api-cert-6-ats.pem", "echo-api-cert-99.pem"],
)
def test_amazons_names_are_downloaded_however_much_of_the_limit_strangers_spent(
    pki: Pki, clock: FakeClock, name: str
) -> None:
    amazons = f"https://s3.amazonaws.com/echo.api/{name}"
    fetcher = FakeFetcher({amazons: pki.chain_pem})
    cache = CertChainCache(fetcher, clock, downloads_per_minute=2)
    for n in range(5):  # made-up URLs: two downloads, then refused without one
        with pytest.raises(VerificationError):
            cache.get(f"https://s3.amazonaws.com/echo.api/made-up-{n}.pem")
    assert len(fetcher.calls) == 2
    assert cache.get(amazons).leaf == pki.leaf


@pytest.mark.parametrize(
    "name",
    [
        "echo-api-cert-100.pem",  # three digits
        "echo-api-cert-0.pem",
        "echo-api-cert-x.pem",
        "echo-api-cert-12-ats.pem.pem",
        "sub/echo-api-cert-12.pem",
        "echo-api-cert-12.PEM",
    ],
)
def test_a_name_like_amazons_is_limited_like_any_other(clock: FakeClock, name: str) -> None:
    fetcher = FakeFetcher()
    cache = CertChainCache(fetcher, clock, downloads_per_minute=1)
    with pytest.raises(VerificationError, match="download failed"):
        cache.get("https://s3.amazonaws.com/echo.api/made-up.pem")
    with pytest.raises(VerificationError, match="over 1 a minute"):
        cache.get(f"https://s3.amazonaws.com/echo.api/{name}")
    assert len(fetcher.calls) == 1


def test_a_missing_certificate_is_remembered_for_an_hour_a_failed_download_for_30_s(
    clock: FakeClock,
) -> None:
    missing = "https://s3.amazonaws.com/echo.api/echo-api-cert-41.pem"
    flaky = "https://s3.amazonaws.com/echo.api/echo-api-cert-42.pem"
    fetcher = FakeFetcher(
        {missing: CertificateMissingError("answered 404"), flaky: OSError("connection reset")}
    )
    cache = CertChainCache(fetcher, clock)
    for url in (missing, flaky):
        with pytest.raises(VerificationError):
            cache.get(url)
    clock.advance(31)
    for url in (missing, flaky):
        with pytest.raises(VerificationError):
            cache.get(url)
    assert fetcher.calls == [missing, flaky, flaky]
    clock.advance(3600)
    with pytest.raises(VerificationError):
        cache.get(missing)
    assert fetcher.calls[-1] == missing


def test_every_amazon_name_missing_fits_the_failure_memory_beside_an_hour_of_the_limit(
    clock: FakeClock,
) -> None:
    """The bound on what strangers can make us download: each of Amazon's 200 names once an
    hour, and the limit's 10 a minute, without one evicting another before its hour."""
    names = [""] + [f"-{n}" for n in range(1, 100)]
    urls = [
        f"https://s3.amazonaws.com/echo.api/echo-api-cert{n}{ats}.pem"
        for n in names
        for ats in ("", "-ats")
    ]
    assert len(urls) == 200
    fetcher = FakeFetcher({url: CertificateMissingError("answered 404") for url in urls})
    cache = CertChainCache(fetcher, clock)
    for minute in range(60):
        for n in range(10):
            with pytest.raises(VerificationError):
                cache.get(f"https://s3.amazonaws.com/echo.api/made-up-{minute}-{n}.pem")
        for url in urls:
            with pytest.raises(VerificationError):
                cache.get(url)
        clock.advance(60)
    assert len(fetcher.calls) == 600 + 200


def test_a_url_that_once_verified_is_never_shut_out_for_an_hour(pki: Pki, clock: FakeClock) -> None:
    """Amazon's real chain answering 404 for a moment (or a bad file) costs 30 s, not an hour."""
    fetcher = FakeFetcher({CERT_URL: pki.chain_pem})
    cache = CertChainCache(fetcher, clock, ttl=__import__("datetime").timedelta(seconds=1))
    cache.get(CERT_URL)
    cache.mark_good(CERT_URL)
    clock.advance(2)
    fetcher.responses[CERT_URL] = CertificateMissingError("answered 404")
    with pytest.raises(VerificationError):
        cache.get(CERT_URL)
    fetcher.responses[CERT_URL] = pki.chain_pem
    clock.advance(31)
    assert cache.get(CERT_URL).leaf == pki.leaf


def test_a_file_that_is_not_a_chain_is_remembered_for_an_hour(clock: FakeClock) -> None:
    amazons = "https://s3.amazonaws.com/echo.api/echo-api-cert-7.pem"
    fetcher = FakeFetcher({amazons: b"not a certificate"})
    cache = CertChainCache(fetcher, clock)
    for _ in range(2):
        with pytest.raises(VerificationError, match="not valid PEM"):
            cache.get(amazons)
        clock.advance(600)
    assert fetcher.calls == [amazons]


def test_a_flood_of_other_failures_never_evicts_amazons_names(clock: FakeClock) -> None:
    amazons = "https://s3.amazonaws.com/echo.api/echo-api-cert-9.pem"
    fetcher = FakeFetcher({amazons: CertificateMissingError("answered 404")})
    cache = CertChainCache(fetcher, clock, max_failures=4, downloads_per_minute=1000)
    with pytest.raises(VerificationError):
        cache.get(amazons)
    for n in range(50):
        with pytest.raises(VerificationError):
            cache.get(f"https://s3.amazonaws.com/echo.api/made-up-{n}.pem")
    with pytest.raises(VerificationError, match="failed recently"):
        cache.get(amazons)
    assert fetcher.calls.count(amazons) == 1


# --- one real deadline, against a local HTTPS server that trickles ---------------------------


class _Trickle(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/echo.api/slow-headers.pem":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
            return
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):  # a byte every 50 ms: each read is well inside the timeout
            self.wfile.write(b"A")
            self.wfile.flush()
            time.sleep(0.05)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """The client hanging up on a trickle is the point, not an error."""


@pytest.fixture
def trickling(pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    cert = make_leaf(pki.other_key, pki.intermediate, pki.intermediate_key, dns_name="localhost")
    (tmp_path / "s.pem").write_bytes(pem(cert, pki.intermediate))
    (tmp_path / "s.key").write_bytes(
        pki.other_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "s.pem", tmp_path / "s.key")
    server = _QuietServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", ["/echo.api/slow-body.pem", "/echo.api/slow-headers.pem"])
def test_a_trickling_peer_is_cut_off_at_the_deadline(trickling: str, pki: Pki, path: str) -> None:
    client = ssl.create_default_context(cadata=pem(pki.root).decode())
    fetch = UrllibFetcher(build_default_opener(client), timeout=0.6)
    started = time.monotonic()
    with pytest.raises(CertificateDownloadError, match="too slow"):
        fetch(trickling + path)
    assert time.monotonic() - started < 2.0  # the trickle alone would last 2 s (headers) or 50 s
