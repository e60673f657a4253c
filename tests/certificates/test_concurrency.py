"""Claims sent at the same moment (a double click, two tabs), each in its own thread and
database connection as two gunicorn workers would run them, issue one certificate."""

import threading

import pytest
from django.db import connections
from django.test import Client

from jsnlearn.certificates.models import Certificate
from tests.certificates.helpers import add_graded_quiz, claim_url, finish
from tests.factories import UserFactory, build_course

CLAIMS = 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_claims_issue_one_certificate():
    course = build_course(modules=2, lessons_per_module=2, slug="sns-japan", title="SNS")
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    learner = UserFactory()
    finish(learner, course, lessons, add_graded_quiz(course))
    barrier = threading.Barrier(CLAIMS)
    responses = [None] * CLAIMS

    def claim(index):
        client = Client()
        client.force_login(learner)
        barrier.wait()
        try:
            data = {"printed_name": f"Name {index}", "confirm": "on"}
            responses[index] = client.post(claim_url(course), data)
        except Exception as error:  # a 500 in the test client; reported by the assertion
            responses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(CLAIMS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    (certificate,) = Certificate.objects.all()
    assert [getattr(r, "status_code", r) for r in responses] == [302] * CLAIMS
    assert {r["Location"] for r in responses} == {certificate.get_absolute_url()}
