"""The objects the endpoint works with, built once per app."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.skill import CustomSkill
from flask import Flask, current_app

from skill.config import Settings
from skill.domain.routines import Catalog
from skill.store.clients import RedisClient
from skill.store.repository import PersonRepository
from skill.verification.pipeline import Verification

EXTENSION = "coach"


@dataclass
class Services:
    """What the endpoint needs, kept in app.extensions[EXTENSION]."""

    settings: Settings
    user_hash_secret: bytes  # the key for hashing Alexa ids in Redis keys and logs
    skill: CustomSkill
    redis: RedisClient
    people: PersonRepository  # the people's documents; also claims request ids (replays)
    verification: Verification
    catalog: Catalog | None = None


def services(app: Flask | None = None) -> Services:
    """The services of app (the current app by default)."""
    found: Services = (app or current_app).extensions[EXTENSION]
    return found
