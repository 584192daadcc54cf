"""The throwaway PKI, a fake certificate download and a clock the test moves."""

from tests.support.pki import clock, fetcher, pki

__all__ = ["clock", "fetcher", "pki"]
