"""The HTTP side: the Flask app, the Alexa endpoint and request verification."""

from skill.web.app import create_app

__all__ = ["create_app"]
