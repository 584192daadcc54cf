"""The throwaway PKI, for the HTTPS certificate server."""

from tests.support.pki import pki

__all__ = ["pki"]
