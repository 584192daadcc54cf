"""The production downloader: HTTPS only, size cap, time limit, no redirects, proxies honoured."""

from __future__ import annotations

import io
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from skill.verification.fetch import (
    CertificateDownloadError,
    CertificateMissingError,
    UrllibFetcher,
    build_default_opener,
)
from tests.support.pki import Pki, make_leaf, pem

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class _FakeOpener:
    """Stands in for urllib's opener: serves one body and records how it was asked."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.calls: list[tuple[str, float]] = []

    def open(self, fullurl: str, data: None = None, timeout: float = 0) -> io.BytesIO:
        self.calls.append((fullurl, timeout))
        return io.BytesIO(self.body)


def test_fetcher_returns_the_body_and_passes_a_short_timeout() -> None:
    opener = _FakeOpener(b"PEM")
    assert UrllibFetcher(opener)("https://s3.amazonaws.com/echo.api/c.pem") == b"PEM"
    assert opener.calls == [("https://s3.amazonaws.com/echo.api/c.pem", 2.0)]


@pytest.mark.parametrize("url", ["http://s3.amazonaws.com/echo.api/c.pem", "file:///etc/passwd"])
def test_fetcher_refuses_anything_but_https(url: str) -> None:
    opener = _FakeOpener(b"PEM")
    with pytest.raises(CertificateDownloadError, match="not https"):
        UrllibFetcher(opener)(url)
    assert opener.calls == []


def test_fetcher_refuses_a_body_over_the_size_cap() -> None:
    fetcher = UrllibFetcher(_FakeOpener(b"x" * (64 * 1024 + 1)))
    with pytest.raises(CertificateDownloadError, match="larger than 65536"):
        fetcher("https://s3.amazonaws.com/echo.api/c.pem")


def test_fetcher_accepts_a_body_exactly_at_the_cap() -> None:
    fetcher = UrllibFetcher(_FakeOpener(b"x" * (64 * 1024)))
    assert len(fetcher("https://s3.amazonaws.com/echo.api/c.pem")) == 64 * 1024


def test_fetcher_gives_up_on_a_download_that_outlasts_the_deadline() -> None:
    ticks = iter([0.0, 0.5, 1.0, 1.5, 2.5])  # each read takes another half second
    fetcher = UrllibFetcher(_FakeOpener(b"x" * 40_000), monotonic=lambda: next(ticks))
    with pytest.raises(CertificateDownloadError, match="too slow"):
        fetcher("https://s3.amazonaws.com/echo.api/c.pem")


def test_default_opener_honours_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    opener = build_default_opener()
    # OpenerDirector.handlers is undocumented (typeshed omits it) but is how to see the chain.
    handlers = opener.handlers  # type: ignore[attr-defined]
    proxies = [h for h in handlers if isinstance(h, urllib.request.ProxyHandler)]
    assert [p.proxies.get("https") for p in proxies] == ["http://proxy.internal:3128"]  # type: ignore[attr-defined]


# --- Against a real local HTTPS server, so urllib's own redirect and error paths run. ---


class _Handler(BaseHTTPRequestHandler):
    chain = b""

    def do_GET(self) -> None:
        if self.path == "/echo.api/redirect.pem":
            self.send_response(302)
            self.send_header("Location", "/echo.api/chain.pem")
            self.end_headers()
            return
        if self.path == "/echo.api/chain.pem":
            body = self.chain
        elif self.path == "/echo.api/big.pem":
            body = b"A" * (200 * 1024)
        elif self.path.startswith("/echo.api/status-"):
            self.send_error(int(self.path.removeprefix("/echo.api/status-").removesuffix(".pem")))
            return
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def https_server(
    pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, UrllibFetcher]]:
    for name in _PROXY_VARS:  # a proxy from the environment must not catch localhost
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    server_cert = make_leaf(
        pki.other_key, pki.intermediate, pki.intermediate_key, dns_name="localhost"
    )
    (tmp_path / "server.pem").write_bytes(pem(server_cert, pki.intermediate))
    (tmp_path / "server.key").write_bytes(
        pki.other_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    _Handler.chain = pki.chain_pem
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    client_context = ssl.create_default_context(cadata=pem(pki.root).decode())
    try:
        yield (
            f"https://localhost:{server.server_address[1]}",
            UrllibFetcher(build_default_opener(client_context)),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_real_download_over_https_returns_the_chain(
    https_server: tuple[str, UrllibFetcher], pki: Pki
) -> None:
    base, fetch = https_server
    assert fetch(f"{base}/echo.api/chain.pem") == pki.chain_pem


def test_real_download_refuses_to_follow_a_redirect(
    https_server: tuple[str, UrllibFetcher],
) -> None:
    base, fetch = https_server
    with pytest.raises(CertificateDownloadError, match="redirected"):
        fetch(f"{base}/echo.api/redirect.pem")


def test_real_download_stops_reading_past_the_cap(https_server: tuple[str, UrllibFetcher]) -> None:
    base, fetch = https_server
    with pytest.raises(CertificateDownloadError, match="larger than"):
        fetch(f"{base}/echo.api/big.pem")


def test_real_download_of_a_missing_file_says_it_is_missing(
    https_server: tuple[str, UrllibFetcher],
) -> None:
    base, fetch = https_server
    with pytest.raises(CertificateMissingError, match="answered 404"):
        fetch(f"{base}/echo.api/missing.pem")


@pytest.mark.parametrize("status", [400, 408, 429, 500, 503])
def test_an_answer_that_may_pass_is_a_failure_not_a_missing_file(
    https_server: tuple[str, UrllibFetcher], status: int
) -> None:
    base, fetch = https_server
    with pytest.raises(urllib.error.HTTPError) as failed:
        fetch(f"{base}/echo.api/status-{status}.pem")
    assert failed.value.code == status
    assert not isinstance(failed.value, CertificateMissingError)


@pytest.mark.parametrize("status", [403, 410])
def test_s3s_answers_for_nothing_there_are_missing_files(
    https_server: tuple[str, UrllibFetcher], status: int
) -> None:
    base, fetch = https_server
    with pytest.raises(CertificateMissingError, match=f"answered {status}"):
        fetch(f"{base}/echo.api/status-{status}.pem")


def test_real_download_refuses_a_server_the_trust_store_does_not_know(
    https_server: tuple[str, UrllibFetcher], pki: Pki
) -> None:
    base, _ = https_server
    stranger = ssl.create_default_context(cadata=pem(pki.untrusted_root).decode())
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        UrllibFetcher(build_default_opener(stranger))(f"{base}/echo.api/chain.pem")
