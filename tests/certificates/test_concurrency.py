"""Claims sent at the same moment (a double click, two tabs), each in its own thread and
database connection as two gunicorn workers would run them, issue one certificate."""

import pytest

from jsnlearn.certificates.models import Certificate
from tests.certificates.helpers import add_graded_quiz, claim_url, finish
from tests.factories import UserFactory, build_course
from tests.helpers import at_once

CLAIMS = 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_claims_issue_one_certificate():
    course = build_course(modules=2, lessons_per_module=2, slug="sns-japan", title="SNS")
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    learner = UserFactory()
    finish(learner, course, lessons, add_graded_quiz(course))

    def claim(client, index):
        data = {"printed_name": f"Name {index}", "confirm": "on"}
        return client.post(claim_url(course), data)

    responses = at_once(learner, claim, count=CLAIMS)

    (certificate,) = Certificate.objects.all()
    assert [getattr(r, "status_code", r) for r in responses] == [302] * CLAIMS
    assert {r["Location"] for r in responses} == {certificate.get_absolute_url()}
