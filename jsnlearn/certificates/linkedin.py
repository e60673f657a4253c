"""LinkedIn's "Add to profile" link for a certification: it opens the member's add-certification
form filled in, following LinkedIn's documented link format (Add to Profile for
Certifications). Only a link: nothing is sent to LinkedIn unless the learner follows it."""

from urllib.parse import urlencode

from django.utils import timezone

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
ORGANIZATION = "jsnlearn"


def add_to_profile_url(certificate, *, verify_url: str) -> str:
    issued = timezone.localtime(certificate.issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": ORGANIZATION,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": verify_url,
        "certId": str(certificate.pk),
    }
    return f"{ADD_TO_PROFILE}?{urlencode(query)}"
