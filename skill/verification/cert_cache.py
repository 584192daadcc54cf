"""Fetch, parse and cache certificate chains per URL, remembering failures briefly."""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509

from skill.verification.constants import (
    AMAZON_CERT_URL,
    CERT_CACHE_MAX_ENTRIES,
    CERT_CACHE_TTL_S,
    CERT_DOWNLOAD_MAX_BYTES,
    CERT_DOWNLOAD_TIMEOUT_S,
    CERT_DOWNLOADS_PER_MINUTE,
    CERT_MISSING_TTL_S,
    CERT_NEGATIVE_CACHE_MAX_ENTRIES,
    CERT_NEGATIVE_CACHE_TTL_S,
)
from skill.verification.errors import VerificationError
from skill.verification.fetch import CertFetcher, RepeatableDownloadError

Clock = Callable[[], datetime]
"""Returns the current time as an aware UTC datetime."""


@dataclass(frozen=True)
class CertChain:
    """A parsed chain: only certificates are cached, never a verification verdict."""

    leaf: x509.Certificate
    intermediates: list[x509.Certificate]


@dataclass
class _Flight:
    """One download in progress; requests for the same URL wait for it instead of starting
    their own."""

    done: threading.Event = field(default_factory=threading.Event)
    chain: CertChain | None = None
    failure: str = "certificate download failed"


@dataclass(frozen=True)
class _Entry:
    expires_at: datetime
    chain: CertChain | None = None
    failure: str = ""


class CertChainCache:
    """Per-URL LRU cache of parsed chains with expiry, plus a negative cache: 30 s for a failed
    download, an hour for a URL that is not there.

    New downloads are limited per minute, except for Amazon's own names and URLs whose chain once
    verified: requests with made-up URLs spend the limit, never a genuine request's download."""

    def __init__(
        self,
        fetcher: CertFetcher,
        clock: Clock,
        *,
        ttl: timedelta = timedelta(seconds=CERT_CACHE_TTL_S),
        max_entries: int = CERT_CACHE_MAX_ENTRIES,
        negative_ttl: timedelta = timedelta(seconds=CERT_NEGATIVE_CACHE_TTL_S),
        missing_ttl: timedelta = timedelta(seconds=CERT_MISSING_TTL_S),
        max_failures: int = CERT_NEGATIVE_CACHE_MAX_ENTRIES,
        max_bytes: int = CERT_DOWNLOAD_MAX_BYTES,
        downloads_per_minute: int = CERT_DOWNLOADS_PER_MINUTE,
        wait_s: float = CERT_DOWNLOAD_TIMEOUT_S + 1.0,
    ) -> None:
        self._fetcher = fetcher
        self._clock = clock
        self._ttl = ttl
        self._max_entries = max_entries
        self._negative_ttl = negative_ttl
        self._missing_ttl = missing_ttl
        self._max_failures = max_failures
        self._max_bytes = max_bytes
        self._chains: OrderedDict[str, _Entry] = OrderedDict()
        self._failures: OrderedDict[str, _Entry] = OrderedDict()
        # Failures of Amazon's own names, apart: at most 200 of them, so none is ever evicted
        # before its time, whatever else fails (the bound in constants.AMAZON_CERT_URL).
        self._amazon_failures: OrderedDict[str, _Entry] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._downloads_per_minute = downloads_per_minute
        self._recent_downloads: deque[datetime] = deque()
        # URLs that once gave a valid chain (Amazon's): refreshed even when over the limit.
        self._known_good: OrderedDict[str, None] = OrderedDict()
        self._wait_s = wait_s
        # Waitress serves requests on several threads; the lock guards the dicts only and is
        # not held while downloading, so one slow fetch does not stall every request.
        self._lock = threading.Lock()

    def get(self, url: str) -> CertChain:
        """Return the parsed chain for an already validated URL, fetching it when needed."""
        now = self._clock()
        with self._lock:
            cached = self._lookup(url, now)
            flight = self._flights.get(url) if cached is None else None
            leader = cached is None and flight is None
            if leader:
                self._admit(url, now)  # raises when over the download limit
                flight = self._flights[url] = _Flight()
        if cached is not None:
            if cached.chain is None:
                raise VerificationError(f"certificate download failed recently: {cached.failure}")
            return cached.chain
        assert flight is not None
        if not leader:
            return self._follow(flight)
        try:
            chain = flight.chain = self._fetch_and_cache(url, now)
        except VerificationError as exc:
            flight.failure = exc.reason
            raise
        finally:
            with self._lock:
                self._flights.pop(url, None)
            flight.done.set()
        return chain

    def _admit(self, url: str, now: datetime) -> None:
        """Count a new download, or refuse it when over the per-minute limit (lock held)."""
        if AMAZON_CERT_URL.fullmatch(url):
            return  # bounded by the names themselves and the hour a missing one is remembered
        while self._recent_downloads and now - self._recent_downloads[0] >= timedelta(minutes=1):
            self._recent_downloads.popleft()
        over = len(self._recent_downloads) >= self._downloads_per_minute
        if over and url not in self._known_good:
            raise VerificationError(
                f"certificate downloads over {self._downloads_per_minute} a minute: refused"
            )
        self._recent_downloads.append(now)

    def _follow(self, flight: _Flight) -> CertChain:
        """Wait for another request's download of the same URL and share its outcome."""
        if not flight.done.wait(self._wait_s):
            raise VerificationError("certificate download still in progress")
        if flight.chain is None:
            raise VerificationError(flight.failure)
        return flight.chain

    def _fetch_and_cache(self, url: str, now: datetime) -> CertChain:
        try:
            chain = self._download(url, now)
        except VerificationError as exc:
            entry = _Entry(now + self._failure_ttl(url, exc), failure=exc.reason)
            with self._lock:
                if AMAZON_CERT_URL.fullmatch(url):
                    self._amazon_failures[url] = entry
                else:
                    self._store(self._failures, url, entry)
                    self._trim(self._failures, self._max_failures)
            raise
        # Never keep a chain past its leaf's notAfter, so a renewed certificate is picked up.
        expires_at = min(now + self._ttl, chain.leaf.not_valid_after_utc)
        with self._lock:
            self._failures.pop(url, None)
            self._amazon_failures.pop(url, None)
            self._store(self._chains, url, _Entry(expires_at, chain=chain))
            self._trim(self._chains, self._max_entries)
        return chain

    def _failure_ttl(self, url: str, exc: VerificationError) -> timedelta:
        """An hour for a failure asking again would repeat (nothing there, too large, not a
        usable chain), unless the URL once gave a chain that verified; else 30 s (a timeout, a
        reset, a busy server: Amazon's real chain must not be shut out for an hour by a blip)."""
        cause = exc.__cause__
        repeatable = cause is None or isinstance(cause, RepeatableDownloadError | ValueError)
        if repeatable and url not in self._known_good:
            return self._missing_ttl
        return self._negative_ttl

    def mark_good(self, url: str) -> None:
        """Remember that url gave a chain that verified: it is never refused by the limit."""
        with self._lock:
            self._known_good[url] = None
            self._known_good.move_to_end(url)
            while len(self._known_good) > self._max_entries:
                self._known_good.popitem(last=False)

    def _lookup(self, url: str, now: datetime) -> _Entry | None:
        for table in (self._chains, self._failures, self._amazon_failures):
            entry = table.get(url)
            if entry is None:
                continue
            if now >= entry.expires_at:
                del table[url]
                continue
            table.move_to_end(url)
            return entry
        return None

    @staticmethod
    def _store(table: OrderedDict[str, _Entry], url: str, entry: _Entry) -> None:
        table[url] = entry
        table.move_to_end(url)

    @staticmethod
    def _trim(table: OrderedDict[str, _Entry], limit: int) -> None:
        while len(table) > limit:
            table.popitem(last=False)

    def _download(self, url: str, now: datetime) -> CertChain:
        try:
            pem = self._fetcher(url)
        except Exception as exc:  # any fetcher failure, of whatever kind, is a failed check
            raise VerificationError(
                f"certificate download failed: {type(exc).__name__}: {exc}"
            ) from exc
        if len(pem) > self._max_bytes:
            raise VerificationError(f"certificate chain larger than {self._max_bytes} bytes")
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise VerificationError(f"certificate chain is not valid PEM: {exc}") from exc
        leaf, *intermediates = certs
        if now >= leaf.not_valid_after_utc:
            # Caching an expired leaf would expire at once and refetch on every request.
            raise VerificationError("certificate chain's leaf has expired")
        return CertChain(leaf=leaf, intermediates=intermediates)
