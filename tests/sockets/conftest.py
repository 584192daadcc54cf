"""The throwaway PKI, a fake certificate download, a clock the test moves and a verifier, for the
HTTPS certificate server and the download limits."""

from tests.support.pki import body, clock, fetcher, pki, verifier

__all__ = ["body", "clock", "fetcher", "pki", "verifier"]
