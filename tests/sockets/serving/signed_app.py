"""The app as gunicorn builds it, verifying requests against a throwaway CA instead of Amazon's.

`gunicorn -c python:skill.gunicorn_conf 'tests.sockets.serving.signed_app:application()'` with
TEST_ROOT_PEM and TEST_CHAIN_PEM naming files written by tests.sockets.serving.signing.make_pki.
It imports nothing from the test harness (pytest and its fixtures): gunicorn imports it in each
worker, where that would only slow start-up (bench/load.py times it)."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509

from skill.config import Settings
from skill.logs import configure_logging
from skill.verification import RequestVerifier, build_verifiers
from skill.verification.fetch import CertificateMissingError
from skill.web.app import create_app
from skill.web.asgi import WsgiOnAsgi
from skill.web.metrics import counted_downloads
from skill.web.serving import asgi_application, preloaded
from tests.support.cert_url import CERT_URL


def application() -> WsgiOnAsgi:
    """Like skill.web.serving.asgi_application, trusting only the test CA."""
    configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
    root = Path(os.environ["TEST_ROOT_PEM"]).read_bytes()
    chain = Path(os.environ["TEST_CHAIN_PEM"]).read_bytes()
    settings = Settings.from_env()
    app = create_app(
        settings,
        verifiers=verifiers(root, chain, settings.skill_id),
        catalog=preloaded(settings.content_dir),
    )
    return asgi_application(app)


def verifiers(root_pem: bytes, chain_pem: bytes, skill_id: str | None) -> list[RequestVerifier]:
    """The production verifiers, trusting only root_pem and served chain_pem for CERT_URL."""
    roots = x509.load_pem_x509_certificates(root_pem)

    def fetch(url: str) -> bytes:
        if url != CERT_URL:  # as S3 answers for a name nobody uploaded
            raise CertificateMissingError("certificate URL answered 403")
        return chain_pem

    return build_verifiers(skill_id, roots=roots, fetcher=counted_downloads(fetch))
