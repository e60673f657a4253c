"""The site's key for signing credentials (Ed25519), and its public part as published.

The key is derived from `settings.CERTIFICATE_SIGNING_KEY` (DJANGO_CERTIFICATE_SIGNING_KEY, a
long random string kept secret: README) with HKDF-SHA256, so any generated secret works and the
same value gives the same key on every worker and dyno. Without it the key is derived from the
secret key: in development that is a fixed, public string (fine for trying things out, worthless
as proof), and in production `check --deploy` warns (jsnlearn.W002), since rotating the secret
key would then change the signing key and every credential issued before would stop verifying.
"""

import base64
import hashlib
import json
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

ALGORITHM = "EdDSA"
_INFO = b"jsnlearn certificate signing key (Ed25519) v1"


def key_material() -> str:
    return settings.CERTIFICATE_SIGNING_KEY or settings.SECRET_KEY


@cache
def _private_key_from(material: str) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        material.encode()
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key() -> Ed25519PrivateKey:
    return _private_key_from(key_material())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk() -> dict:
    """The public key as a JSON Web Key, with its RFC 7638 thumbprint as `kid`."""
    raw = private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    members = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    thumbprint = _b64(hashlib.sha256(canonical).digest())
    return {**members, "kid": thumbprint, "use": "sig", "alg": ALGORITHM}


def did_for(host: str) -> str:
    """The site's did:web identifier (a port's colon is percent-encoded, as did:web says)."""
    return "did:web:" + host.replace(":", "%3A")


def verification_method(host: str) -> str:
    return f"{did_for(host)}#{public_jwk()['kid']}"


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def did_document(host: str) -> dict:
    did = did_for(host)
    method = verification_method(host)
    jwk = {name: value for name, value in public_jwk().items() if name in ("kty", "crv", "x")}
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": [
            {"id": method, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
        ],
        "assertionMethod": [method],
        "authentication": [method],
    }
