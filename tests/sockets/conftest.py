"""The throwaway PKI, a fake certificate download, a clock the test moves and a verifier, for the
HTTPS certificate server and the download limits; and `python -m skill serve` for the socket tests.
"""

from collections.abc import Iterator

import pytest

from tests.support.pki import body, clock, fetcher, pki, verifier
from tests.support.served import Served, served
from tests.support.settings import FIXTURE_CONTENT

__all__ = ["body", "clock", "fetcher", "pki", "skill_server", "verifier"]


@pytest.fixture(scope="session")
def skill_server(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`python -m skill serve` (what `make run` starts) on the test Redis and the fixture content,
    for the whole run: test_socket.py and test_abuse.py (SHARED in tests/conftest.py)."""
    with served(
        tmp_path_factory.mktemp("server"), REDIS_URL=redis_url, CONTENT_DIR=str(FIXTURE_CONTENT)
    ) as running:
        yield running
