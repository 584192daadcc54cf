"""The headers the endpoint hands verification (skill.web.endpoint._headers): the pairs werkzeug's
request.headers gives, Content-Type and Content-Length aside, for any headers a client sends."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import EnvironHeaders
from werkzeug.test import EnvironBuilder

from skill.web.endpoint import _headers

NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_", min_size=1, max_size=20)
VALUE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30)


def werkzeugs(environ: dict[str, object]) -> dict[str, str]:
    return {
        k: v
        for k, v in EnvironHeaders(environ).items()
        if k not in ("Content-Type", "Content-Length")
    }


@given(st.dictionaries(NAME, VALUE, max_size=8))
def test_the_headers_are_werkzeugs_pairs_but_the_bodys_own(sent: dict[str, str]) -> None:
    environ = EnvironBuilder(
        path="/alexa",
        method="POST",
        data=b"{}",
        headers=list(sent.items()),
        content_type="application/json",
    ).get_environ()
    assert _headers(environ) == werkzeugs(environ)


def test_an_alexa_requests_signature_headers_are_named_as_werkzeug_names_them() -> None:
    environ = EnvironBuilder(
        path="/alexa",
        method="POST",
        data=b"{}",
        headers=[("SignatureCertChainUrl", "https://a/b"), ("Signature-256", "c2ln")],
        content_type="application/json",
    ).get_environ()
    environ["HTTP_CONTENT_TYPE"] = "text/plain"  # a server that passes it on twice
    assert _headers(environ) == {
        "Signaturecertchainurl": "https://a/b",
        "Signature-256": "c2ln",
        "Host": "localhost",
    }
