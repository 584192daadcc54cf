"""The HTTP side: the Flask app, the Alexa endpoint (which runs skill.verification's checks),
health and metrics, the body limits, ask-sdk's (de)serializer, and serving under gunicorn."""

from skill.web.app import create_app

__all__ = ["create_app"]
