"""The skill's daily reminder through Alexa's Reminders API (/v1/alerts/reminders): create one,
list them, cancel them. Each call's failure becomes an Outcome for the voice to word; nothing
here raises to the handler, and nothing about reminders is kept in Redis (Alexa keeps them)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_model.request_envelope import RequestEnvelope

from skill.alexa.apis import AlexaApi, AlexaApiError
from skill.domain.reminders import Outcome, TimeOfDay, time_of_rule

PATH = "/v1/alerts/reminders"
PERMISSION = "alexa::alerts:reminders:skill:readwrite"
MAX_CANCELS = 3  # reminders deleted in one turn (each a call): the answer stays well inside 8 s
log = logging.getLogger(__name__)


def outcome_of(error: AlexaApiError) -> Outcome:
    """What an API error means for the person."""
    if error.status in (401, 403):
        return Outcome.NEEDS_PERMISSION
    if error.status == 429:
        return Outcome.TOO_MANY
    return Outcome.UNAVAILABLE


def reminder_body(
    at: TimeOfDay, now: float, zone: str | None, locale: str, text: str
) -> dict[str, Any]:
    """A daily reminder as the Reminders API takes it: local times without an offset, in the
    device's time zone. When the zone is not known, no start is given (it would be this server's
    clock's), and Alexa keeps the daily rule in the device's own zone."""
    try:
        tz = ZoneInfo(zone) if zone else None
    except (ZoneInfoNotFoundError, ValueError):
        tz = None
    recurrence: dict[str, Any] = {"recurrenceRules": [at.rule]}
    trigger: dict[str, Any] = {"type": "SCHEDULED_ABSOLUTE", "recurrence": recurrence}
    local = datetime.fromtimestamp(now, tz or UTC).replace(tzinfo=None)
    if tz is not None:
        start = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if start <= local:
            start += timedelta(days=1)  # the first one is the next time it comes round
        recurrence["startDateTime"] = _iso(start)
        trigger["timeZoneId"] = zone
    return {
        "requestTime": _iso(local),
        "trigger": trigger,
        "alertInfo": {"spokenInfo": {"content": [{"locale": locale, "text": text}]}},
        "pushNotification": {"status": "ENABLED"},
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000")


class Reminders:
    """The skill's reminders for the person who sent a request."""

    def __init__(self, api: AlexaApi) -> None:
        self.api = api

    def create(self, envelope: RequestEnvelope, body: dict[str, Any]) -> Outcome:
        try:
            self.api.call(envelope, "POST", PATH, body)
        except AlexaApiError as exc:
            log.warning("reminder not created: %s", exc, extra={"status": exc.status})
            return outcome_of(exc)
        return Outcome.DONE

    def daily_times(self, envelope: RequestEnvelope) -> tuple[Outcome, tuple[TimeOfDay, ...]]:
        """The times of this skill's reminders that are on."""
        outcome, alerts = self._alerts(envelope)
        times = []
        for alert in alerts:
            recurrence = (alert.get("trigger") or {}).get("recurrence") or {}
            for rule in recurrence.get("recurrenceRules") or []:
                at = time_of_rule(str(rule))
                if at is not None and at not in times:
                    times.append(at)
        return outcome, tuple(times)

    def cancel_all(self, envelope: RequestEnvelope) -> tuple[Outcome, int, int]:
        """Delete this skill's reminders that are on (at most MAX_CANCELS a turn): how it went,
        how many were cancelled, and how many are left."""
        outcome, alerts = self._alerts(envelope)
        cancelled, left = 0, max(len(alerts) - MAX_CANCELS, 0)
        for alert in alerts[:MAX_CANCELS]:
            token = alert.get("alertToken")
            if not isinstance(token, str) or not token:
                continue
            try:
                self.api.call(envelope, "DELETE", f"{PATH}/{token}")
            except AlexaApiError as exc:
                log.warning("reminder not cancelled: %s", exc, extra={"status": exc.status})
                return outcome_of(exc), cancelled, len(alerts) - cancelled
            cancelled += 1
        return outcome, cancelled, left

    def replace_all(self, envelope: RequestEnvelope, body: dict[str, Any]) -> Outcome:
        """Cancel this skill's reminders (at most MAX_CANCELS), then create this one."""
        outcome, _, _ = self.cancel_all(envelope)
        return outcome if outcome is not Outcome.DONE else self.create(envelope, body)

    def _alerts(self, envelope: RequestEnvelope) -> tuple[Outcome, list[dict[str, Any]]]:
        try:
            answer = self.api.call(envelope, "GET", PATH)
        except AlexaApiError as exc:
            log.warning("reminders not listed: %s", exc, extra={"status": exc.status})
            return outcome_of(exc), []
        alerts = answer.body.get("alerts") if isinstance(answer.body, dict) else None
        on = [a for a in alerts or [] if isinstance(a, dict) and a.get("status", "ON") == "ON"]
        return Outcome.DONE, on
