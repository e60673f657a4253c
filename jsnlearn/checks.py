"""Deployment checks of our own, run by `manage.py check --deploy` next to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_is_delivered(app_configs, **kwargs):
    if settings.EMAIL_DELIVERY_BACKEND.endswith("console.EmailBackend"):
        return [
            Warning(
                "Emails (address verification, password resets) are only written to the log.",
                hint="Set DJANGO_EMAIL_HOST and the other DJANGO_EMAIL_* variables.",
                id="jsnlearn.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def certificates_have_their_own_key(app_configs, **kwargs):
    if not settings.DEBUG and not settings.CERTIFICATE_SIGNING_KEY:
        return [
            Warning(
                "Certificates are signed with a key derived from the secret key: rotating "
                "DJANGO_SECRET_KEY would make every credential issued before fail to verify.",
                hint="Set DJANGO_CERTIFICATE_SIGNING_KEY to a long random string, kept secret.",
                id="jsnlearn.W002",
            )
        ]
    return []
