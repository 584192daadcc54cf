"""Refuse a signed request seen before: its request id is remembered in Redis for as long as
its timestamp would still be accepted, so every worker and every process sees it.

Remembering costs no round trip of its own when the turn saves: the save script claims the id in
the same call (skill.store.repository), and writes nothing if another request's claim is there. A
turn that saves nothing claims it on its own after the turn. Either way the answer waits for the
claim, and a replay gets HTTP 400 whatever the turn made of it: it can only have read (which
restarts the expiry of the person's document, as any visit does).

If Redis cannot be reached the check fails OPEN: the request is accepted and a warning logged.
Refusing every request during an outage would silence the skill, while a replay is still bound
by the signature and the 150 s timestamp window, and can only repeat a turn the person took.
"""

from __future__ import annotations

import itertools
import os
import secrets
from dataclasses import dataclass, field
from typing import Any

from skill.verification.constants import (
    SKILL_EVENT_TIMESTAMP_TOLERANCE_S,
    SKILL_EVENT_TYPE_PREFIX,
    TIMESTAMP_TOLERANCE_S,
)
from skill.verification.envelope import dig
from skill.verification.errors import VerificationError

REPLAY_REASON = "request id already seen: a replay"


class _Tokens:
    """Tokens no other claim has, in any process: this process's random prefix and a count.

    A token only has to differ from every other request's (it never leaves the server, so it
    need not be unguessable), and a count makes one without asking the kernel for random bytes:
    a system call, in which the thread gives up the interpreter to any other thread waiting for
    it, on every request. The prefix is drawn again in every process forked from this one (a
    gunicorn worker from the master that imported this module), so no two share one."""

    def __init__(self) -> None:
        self._draw()
        os.register_at_fork(after_in_child=self._draw)

    def _draw(self) -> None:
        self._prefix = secrets.token_hex(8) + "-"
        self._count = itertools.count(1)

    def __call__(self) -> str:
        """A token no claim has had (next on a count is one step no other thread can split)."""
        return f"{self._prefix}{next(self._count):x}"


new_token = _Tokens()


@dataclass
class ReplayClaim:
    """A request id to remember for ttl seconds, claimed once per request.

    fresh is None until the claim is made, then True (first sighting) or False (a replay). It is
    left None when Redis could not be asked: the request is then let through (fail open). The
    claim is stored as token, so a request that finds the id already claimed with its own token
    (its save ran in Redis but the answer was lost, or a client retried it) is not taken for a
    replay of itself."""

    request_id: str
    ttl: int
    fresh: bool | None = None
    token: str = field(default_factory=new_token)


def replay_claim(envelope: Any) -> ReplayClaim:
    """The claim for a verified envelope: its request id, remembered from tolerance before its
    timestamp to tolerance after. VerificationError when it carries no request id."""
    request_id = dig(envelope, "request", "requestId")
    if not isinstance(request_id, str) or not request_id:
        raise VerificationError("request.requestId is missing")
    kind = dig(envelope, "request", "type")
    is_event = isinstance(kind, str) and kind.startswith(SKILL_EVENT_TYPE_PREFIX)
    tolerance = SKILL_EVENT_TIMESTAMP_TOLERANCE_S if is_event else TIMESTAMP_TOLERANCE_S
    return ReplayClaim(request_id, 2 * tolerance)
