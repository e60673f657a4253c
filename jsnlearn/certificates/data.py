"""The learner's certificates in "Download my data" (one line in jsnlearn/accounts/data.py),
written for a person to read like the rest of the file: what each certificate says, its
credential ID (the one printed on it), and moments in ISO 8601 (UTC)."""

from datetime import UTC, datetime

from django.db.models import QuerySet


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def certificates(user) -> QuerySet:
    return user.certificates.order_by("issued_at")


def readable_certificates(rows: QuerySet) -> list[dict]:
    return [
        {
            "course": row.course_title,
            "printed_name": row.printed_name,
            "issued": _when(row.issued_at),
            "credential_id": str(row.pk),
            "modules": list(row.module_titles),
            "hours": row.hours,
            "instructors": list(row.instructor_names),
            "verification_page": "public" if row.public else "not public",
            "revoked": _when(row.revoked_at),
            "revoke_reason": row.revoke_reason or None,
        }
        for row in rows
    ]
