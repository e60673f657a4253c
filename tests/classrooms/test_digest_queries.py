"""The weekly digests cost a fixed number of queries per class, whatever its size."""

from datetime import UTC, datetime

import pytest

from jsnlearn.classrooms.digest import send_weekly_digests
from jsnlearn.mail.models import OutgoingEmail
from tests.classrooms.standing_helpers import class_of
from tests.reports.helpers import instructor_of

NOW = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
# The classes with their member count and course, their instructors, the keys already used this
# week; then the class's standing: its due dates, the outline (three queries, the first time its
# course's content version is read), the members, their completions, attempts and latest
# reviews; then for the email, the outbox's two savepoints, its row and their releases, and its
# delivery (the tests' immediate backend delivers at once: claiming, reading, marking it sent).
FIRST_RUN = 19
AGAIN = 3  # the classes, their instructors, the keys: every digest is out already


@pytest.mark.parametrize("members", [30, 3000])
def test_a_class_s_digest_costs_the_same_queries_for_30_or_3000_members(
    course, django_assert_num_queries, members
):
    sensei = instructor_of(course, display_name="Sensei")
    class_of(members, sensei)

    with django_assert_num_queries(FIRST_RUN):
        assert send_weekly_digests(now=NOW) == 1
    with django_assert_num_queries(AGAIN):
        assert send_weekly_digests(now=NOW) == 0
    (email,) = OutgoingEmail.objects.filter(kind="digest")
    assert f"{members} members" in email.message["body"]
