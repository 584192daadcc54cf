"""The ask-sdk-core side: handlers that translate Alexa requests to coach calls and back."""
