"""The learner's certificates in "Download my data" (jsnlearn/accounts/data.py's one line)."""

from django.db.models import QuerySet


def certificates(user) -> QuerySet:
    return user.certificates.order_by("issued_at").values(
        "id",
        "course_title",
        "printed_name",
        "issued_at",
        "public",
        "revoked_at",
        "revoke_reason",
        "module_titles",
        "minutes",
        "instructor_names",
    )
