"""The numbers and names of Alexa's request-signing scheme, in one place.

Why not ``ask_sdk_webservice_support.verifier_constants``: that module does import cleanly on
OpenSSL 3.0.19, but depending on the package installs certvalidator and oscrypto 1.3.0, whose
import fails here ("Error detecting the version of libcrypto", oscrypto issue 78), so anyone who
later imports ``ask_sdk_webservice_support.verifier`` crashes. The constants also do not fit this
code as written: ``CERT_CHAIN_URL_STARTPATH`` is built with ``os.path.sep`` (a file-system
separator, not a URL one), skill events are a closed set rather than the ``AlexaSkillEvent.``
prefix, and tolerances are in milliseconds. The values below match it where the two overlap.
"""

from __future__ import annotations

import re
from typing import Final

CERT_URL_HEADER: Final = "SignatureCertChainUrl"
# Signature-256 (SHA-256) only: the older SHA-1 "Signature" header is deliberately ignored.
SIGNATURE_HEADER: Final = "Signature-256"
# Byte lengths of an RSA PKCS#1 v1.5 signature: Alexa signs with RSA-2048 (256 bytes); 3072- and
# 4096-bit keys are accepted too, so a key upgrade does not refuse every request.
SIGNATURE_LENGTHS: Final = frozenset({256, 384, 512})

CERT_URL_SCHEME: Final = "https"
CERT_URL_HOST: Final = "s3.amazonaws.com"
CERT_URL_PORT: Final = 443
CERT_URL_PATH_PREFIX: Final = "/echo.api/"

# The DNS name the signing certificate must carry in its subjectAltName.
CERT_SUBJECT_NAME: Final = "echo-api.amazon.com"

CERT_DOWNLOAD_TIMEOUT_S: Final = 2.0
CERT_DOWNLOAD_MAX_BYTES: Final = 64 * 1024
CERT_CACHE_TTL_S: Final = 3600.0
CERT_CACHE_MAX_ENTRIES: Final = 32
CERT_NEGATIVE_CACHE_TTL_S: Final = 30.0
# A failure asking again would repeat (S3's 403/404/410, a file too large or not a chain) is
# remembered for an hour, not 30 s, unless the URL once gave a chain that verified.
CERT_MISSING_TTL_S: Final = 3600.0
# Failed URLs are remembered apart from chains, so a flood of bad URLs cannot evict good chains;
# Amazon's names (below) fail into a table of their own, which nothing evicts.
CERT_NEGATIVE_CACHE_MAX_ENTRIES: Final = 128
# Other new certificate URLs downloaded per minute, at most; a URL that once gave a valid chain
# is always refreshed. Concurrent requests for one URL share one download.
CERT_DOWNLOADS_PER_MINUTE: Final = 10
# The names Amazon gives its signing chains (echo-api-cert.pem, echo-api-cert-4.pem,
# echo-api-cert-6-ats.pem, echo-api-cert-12.pem ...): 200 URLs. They are never refused by the
# limit above, so a stranger spending it cannot shut out Amazon's next certificate; each that
# fails for good is remembered for CERT_MISSING_TTL_S, which bounds them to 200 downloads an hour.
# docs/decisions/0002-certificate-downloads.md says why.
AMAZON_CERT_URL: Final = re.compile(
    r"https://s3\.amazonaws\.com/echo\.api/echo-api-cert(-[1-9][0-9]?)?(-ats)?\.pem"
)

TIMESTAMP_TOLERANCE_S: Final = 150
SKILL_EVENT_TIMESTAMP_TOLERANCE_S: Final = 3600
SKILL_EVENT_TYPE_PREFIX: Final = "AlexaSkillEvent."
