"""The Open Badges 3.0 credential verifies against the key the site publishes, with code that
did not sign it (PyJWT's JWK reader, and cryptography directly), and fails once changed."""

import base64
import json

import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.checks import run_checks
from django.urls import reverse

from tests.certificates.helpers import url


@pytest.fixture
def token(learner_client, certificate):
    response = learner_client.get(url("open_badge", certificate))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content.decode()


@pytest.fixture
def published_key(client):
    (key,) = client.get(reverse("certificates:jwks")).json()["keys"]
    return key


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_the_credential_verifies_with_the_published_key(token, published_key, certificate):
    claims = jwt.decode(token, jwt.PyJWK(published_key).key, algorithms=["EdDSA"])

    credential = claims["vc"]
    assert claims["jti"] == credential["id"] == f"http://testserver/verify/{certificate.pk}/"
    assert claims["iss"] == credential["issuer"]["id"] == "did:web:testserver"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Aiko Sato"
    assert subject["achievement"]["name"] == "Social networking in Japan"


def test_the_signature_checks_out_with_cryptography_alone(token, published_key):
    header, payload, signature = token.split(".")
    key = Ed25519PublicKey.from_public_bytes(_b64decode(published_key["x"]))

    key.verify(_b64decode(signature), f"{header}.{payload}".encode())  # raises if not


def test_one_byte_changed_and_it_fails(token, published_key):
    header, payload, signature = token.split(".")
    claims = bytearray(_b64decode(payload))
    claims[claims.index(b"Aiko")] = ord("B")  # "Biko Sato"
    forged_payload = base64.urlsafe_b64encode(bytes(claims)).rstrip(b"=").decode()
    key = Ed25519PublicKey.from_public_bytes(_b64decode(published_key["x"]))

    with pytest.raises(InvalidSignature):
        key.verify(_b64decode(signature), f"{header}.{forged_payload}".encode())
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            f"{header}.{forged_payload}.{signature}",
            jwt.PyJWK(published_key).key,
            algorithms=["EdDSA"],
        )


def test_the_header_names_the_key_in_the_did_document(client, token, published_key):
    header = json.loads(_b64decode(token.split(".")[0]))
    document = json.loads(client.get(reverse("certificates:did")).content)

    (method,) = document["verificationMethod"]
    assert header["kid"] == method["id"] == f"did:web:testserver#{published_key['kid']}"
    assert method["publicKeyJwk"]["x"] == published_key["x"]


def test_another_key_is_published_when_the_variable_changes(client, settings):
    settings.CERTIFICATE_SIGNING_KEY = "a" * 40
    first = client.get(reverse("certificates:jwks")).json()["keys"][0]["x"]
    settings.CERTIFICATE_SIGNING_KEY = "b" * 40
    second = client.get(reverse("certificates:jwks")).json()["keys"][0]["x"]

    assert first != second


def test_check_deploy_warns_without_a_signing_key(settings):
    settings.DEBUG = False
    settings.CERTIFICATE_SIGNING_KEY = ""

    ids = [message.id for message in run_checks(include_deployment_checks=True)]

    assert "jsnlearn.W002" in ids


def test_check_deploy_is_quiet_with_a_signing_key(settings):
    settings.DEBUG = False
    settings.CERTIFICATE_SIGNING_KEY = "x" * 43

    ids = [message.id for message in run_checks(include_deployment_checks=True)]

    assert "jsnlearn.W002" not in ids
