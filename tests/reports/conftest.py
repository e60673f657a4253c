from datetime import UTC, datetime

import pytest

from lessons.models import Enrollment, LessonCompletion
from tests.reports.helpers import complete, graded_quiz, instructor_of, learners_in, submit


@pytest.fixture
def sensei(course):
    """An instructor of `course` (staff, no other permission)."""
    return instructor_of(course, email="sensei@example.com", display_name="Sensei")


@pytest.fixture
def sensei_client(client, sensei):
    client.force_login(sensei)
    return client


@pytest.fixture
def graded(course, lessons):
    """`course` with known results. Module 1 ends with `graded_quiz` (10 points, pass 70%).

    - Aiko: every lesson; quiz 40% (Wave, True, {Reply}) then 90% (Bow, True, {Reply}): 5 of 5.
    - Ben: lesson 1.1; quiz 50% (Bow, False, {Stamps}): 1 of 5, on lesson 1.2.
    - Chika: lessons 1.1 and 1.2; quiz 70% (Bow, False, {Reply, Polite}): 3 of 5, on lesson 2.1.
    - =Dai (a name a spreadsheet would run as a formula): enrolled, nothing done.
    """
    quiz, greeting, kidoku, manners = graded_quiz(course.modules.get(slug="m1"), slug="graded")
    aiko, ben, chika, dai = learners_in(course, ["Aiko", "Ben", "Chika", "=Dai"])
    complete(aiko, lessons)
    submit(aiko, quiz, {greeting: "Wave", kidoku: "True", manners: {"Reply"}})
    submit(aiko, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply"}})
    complete(ben, lessons[:1])
    submit(ben, quiz, {greeting: "Bow", kidoku: "False", manners: {"Stamps"}})
    complete(chika, lessons[:2])
    submit(chika, quiz, {greeting: "Bow", kidoku: "False", manners: {"Reply", "Polite"}})
    return {"quiz": quiz, "learners": [aiko, ben, chika, dai]}


@pytest.fixture
def one_day(graded):
    """Every date in the report on one day, whatever the clock says."""
    moment = datetime(2026, 12, 1, 9, tzinfo=UTC)
    Enrollment.objects.update(created=moment)
    LessonCompletion.objects.update(completed_at=moment)
    graded["quiz"].attempts.update(started_at=moment, submitted_at=moment)
    return graded
