"""The certificate chain URL the throwaway PKI's requests name (a valid Alexa-style URL).

Its own module, free of pytest: the signed app imports it inside gunicorn workers."""

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
