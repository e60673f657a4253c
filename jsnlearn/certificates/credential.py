"""A certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential), signed as a
VC-JWT with the site's key (signing.py), whose public part the site publishes as a JWKS and a
did:web document, so anyone can check it offline.

The JWT's payload carries the registered claims OB 3.0 asks for (`iss`, `jti`, `nbf`, `iat`)
and the credential itself under `vc`. Ed25519 signatures are deterministic: the same
certificate downloads as the same token while the key stays the same.
"""

from datetime import UTC

import jwt

from jsnlearn.certificates import signing

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _iso(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_badge(certificate, *, origin: str, host: str, verify_url: str, course_url: str) -> dict:
    """The credential as a dict. `origin` is the site's ("https://learn.example.com"), `host`
    its host name (with a port, if any), the URLs absolute."""
    issuer = {
        "id": signing.did_for(host),
        "type": ["Profile"],
        "name": "jsnlearn",
        "url": origin + "/",
    }
    modules = "; ".join(certificate.module_titles)
    return {
        "@context": CONTEXTS,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": _iso(certificate.issued_at),
        "name": f"Certificate of completion: {certificate.course_title}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.printed_name,
                }
            ],
            "achievement": {
                "id": course_url,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.course_title,
                "description": (
                    f"Completed every lesson and passed every quiz of the course "
                    f"“{certificate.course_title}” (about {certificate.hours} hours): {modules}."
                ),
                "criteria": {
                    "narrative": "Every published lesson completed and every published quiz "
                    "passed on jsnlearn."
                },
                "creator": issuer,
            },
        },
    }


def signed_credential(certificate, **urls) -> str:
    """The credential as a compact VC-JWT signed with the site's key."""
    credential = open_badge(certificate, **urls)
    issued = int(certificate.issued_at.timestamp())
    payload = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": issued,
        "iat": issued,
        "vc": credential,
    }
    headers = {"typ": "JWT", "kid": signing.verification_method(urls["host"])}
    return jwt.encode(payload, signing.private_key(), algorithm=signing.ALGORITHM, headers=headers)
