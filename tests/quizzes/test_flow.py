"""Taking a quiz without JavaScript: start, answer, confirm blanks, submit, result, retake."""

from quizzes.models import Attempt, Response
from tests.lessons.test_views import text
from tests.quizzes.helpers import (
    START_URL,
    correct_answers,
    form_data,
    paper_of,
)


def start(client):
    response = client.post(START_URL)
    assert response.status_code == 302
    return Attempt.objects.get(pk=response.url.split("/")[2])


def test_a_learner_takes_the_quiz_and_passes(learner_client, learner, quiz):
    attempt = start(learner_client)
    page = learner_client.get(f"/attempts/{attempt.pk}/")
    assert page.status_code == 200
    assert "Question 6" in text(page)

    paper = paper_of(attempt)
    response = learner_client.post(
        f"/attempts/{attempt.pk}/", form_data(paper, correct_answers(paper))
    )

    assert response.status_code == 302
    assert response.url == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (6, 6, 100, True)
    assert Response.objects.filter(attempt=attempt, is_correct=True).count() == 6
    result = text(learner_client.get(response.url))
    assert "Passed: 100%" in result
    assert "You scored 6 of 6 points" in result
