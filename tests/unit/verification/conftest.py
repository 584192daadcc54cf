"""The throwaway PKI and the fakes for the verifier's seams (tests/support/pki.py)."""

from tests.support.pki import body, clock, fetcher, no_network, pki, signed_headers, verifier

__all__ = ["body", "clock", "fetcher", "no_network", "pki", "signed_headers", "verifier"]
