"""The body's signature is checked as cryptography's `verify(signature, body, PKCS1v15(),
SHA256())` checks it (skill.verification.signature recovers the signed digest instead, which keeps
the interpreter): the same verdict on genuine signatures and on every kind of forgery, down to
hand-made PKCS #1 blocks signed with the raw RSA operation."""

from __future__ import annotations

import hashlib
import os

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.verification.errors import VerificationError
from skill.verification.signature import SignatureVerifier, sha256_holding

SHA256_INFO = bytes.fromhex("3031300d060960864801650304020105000420")  # DigestInfo, NULL params
SHA256_INFO_NO_NULL = bytes.fromhex("302f300b06096086480165030402010420")
SHA1_INFO = bytes.fromhex("3021300906052b0e03021a05000414")


class Leaf:
    """What _verify_signature reads of a certificate: its public key."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self._key = key

    def public_key(self) -> rsa.RSAPublicKey:
        return self._key.public_key()


@pytest.fixture(scope="module", params=[2048, 3072, 4096], ids=lambda bits: f"rsa{bits}")
def key(request: pytest.FixtureRequest) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=request.param)


def ours(key: rsa.RSAPrivateKey, signature: bytes, body: bytes) -> bool:
    try:
        SignatureVerifier._verify_signature(Leaf(key), signature, body)  # type: ignore[arg-type]
    except VerificationError:
        return False
    return True


def cryptographys(key: rsa.RSAPrivateKey, signature: bytes, body: bytes) -> bool:
    try:
        key.public_key().verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def raw_signed(key: rsa.RSAPrivateKey, block: bytes) -> bytes:
    """block (as long as the modulus) through the private RSA operation: a signature of any
    encoded message, well-formed or not."""
    numbers = key.private_numbers()
    size = (key.key_size + 7) // 8
    value = pow(int.from_bytes(block, "big"), numbers.d, numbers.public_numbers.n)
    return value.to_bytes(size, "big")


def block(key: rsa.RSAPrivateKey, payload: bytes, kind: bytes = b"\x01", fill: int = 0xFF) -> bytes:
    """00 kind fill... 00 payload, as long as the modulus."""
    size = (key.key_size + 7) // 8
    return b"\x00" + kind + bytes([fill]) * (size - 3 - len(payload)) + b"\x00" + payload


def forgeries(key: rsa.RSAPrivateKey, body: bytes) -> dict[str, bytes]:
    """Signatures that must not pass, and one hand-made block that must."""
    digest = hashlib.sha256(body).digest()
    size = (key.key_size + 7) // 8
    other = os.urandom(len(body) + 1)
    return {
        "hand-made genuine": raw_signed(key, block(key, SHA256_INFO + digest)),
        "over another body": key.sign(other, padding.PKCS1v15(), hashes.SHA256()),
        "sha1": key.sign(body, padding.PKCS1v15(), hashes.SHA1()),  # noqa: S303
        "sha512": key.sign(body, padding.PKCS1v15(), hashes.SHA512()),
        "pss": key.sign(
            body,
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
            hashes.SHA256(),
        ),
        "no NULL parameters": raw_signed(key, block(key, SHA256_INFO_NO_NULL + digest)),
        "sha1 DigestInfo around the sha256 digest": raw_signed(key, block(key, SHA1_INFO + digest)),
        "bare digest": raw_signed(key, block(key, digest)),
        "garbage after the digest": raw_signed(key, block(key, SHA256_INFO + digest + b"\x00")),
        "digest cut short": raw_signed(key, block(key, SHA256_INFO + digest[:-1])),
        "block type 2": raw_signed(key, block(key, SHA256_INFO + digest, kind=b"\x02")),
        "padding not 0xFF": raw_signed(key, block(key, SHA256_INFO + digest, fill=0xFE)),
        "seven bytes of padding, zeros before the DigestInfo": raw_signed(
            key,
            b"\x00\x01" + b"\xff" * 7 + b"\x00" + b"\x00" * (size - 10 - 51) + SHA256_INFO + digest,
        ),
        "flipped byte": bytes([key.sign(body, padding.PKCS1v15(), hashes.SHA256())[0] ^ 1])
        + key.sign(body, padding.PKCS1v15(), hashes.SHA256())[1:],
        "random bytes": os.urandom(size),
        "one byte short": key.sign(body, padding.PKCS1v15(), hashes.SHA256())[1:],
        "one byte long": b"\x00" + key.sign(body, padding.PKCS1v15(), hashes.SHA256()),
        "the modulus itself": key.private_numbers().public_numbers.n.to_bytes(size, "big"),
        "zero": bytes(size),
    }


def test_a_genuine_signature_passes_both(key: rsa.RSAPrivateKey) -> None:
    body = b'{"version":"1.0","request":{"type":"LaunchRequest"}}' * 80  # over 2 KiB
    signature = key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    assert ours(key, signature, body)
    assert cryptographys(key, signature, body)


def test_every_forgery_gets_the_verdict_cryptographys_verify_gives(key: rsa.RSAPrivateKey) -> None:
    body = os.urandom(3000)
    verdicts = {
        name: (ours(key, signature, body), cryptographys(key, signature, body))
        for name, signature in forgeries(key, body).items()
    }
    assert {name: mine for name, (mine, _) in verdicts.items()} == {
        name: theirs for name, (_, theirs) in verdicts.items()
    }
    # And what those verdicts are: only the well-formed block passes.
    assert [name for name, (mine, _) in verdicts.items() if mine] == ["hand-made genuine"]


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=9000), flip=st.integers(min_value=0))
def test_a_signature_passes_for_its_own_body_and_no_other(body: bytes, flip: int) -> None:
    key = _KEY
    signature = key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    assert ours(key, signature, body)
    if body:
        at = flip % len(body)
        changed = body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1 :]
        assert not ours(key, signature, changed)
        assert not cryptographys(key, signature, changed)
    assert not ours(key, signature, body + b" ")


_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("size", [0, 1, 2046, 2047, 2048, 2049, 4094, 4095, 128 * 1024 + 3])
def test_the_body_is_hashed_in_pieces_to_the_same_digest(size: int) -> None:
    data = os.urandom(size)
    assert sha256_holding(data) == hashlib.sha256(data).digest()
