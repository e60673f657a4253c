"""Instructors write quizzes in the admin and are told how each kind of question is graded."""

from quizzes import grading
from tests.factories import UserFactory


def test_the_question_page_explains_how_each_kind_is_graded(client, quiz):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    question = quiz.questions.get(kind="multiple")

    response = client.get(f"/admin/quizzes/question/{question.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    for rule in grading.RULES.values():
        assert rule in page
    assert "Reply within working hours" in page  # its options, inline


def test_the_quiz_page_lists_its_questions_and_attempts_cannot_be_edited(client, quiz):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").status_code == 200
    assert client.get("/admin/quizzes/attempt/").status_code == 200
    assert client.get("/admin/quizzes/attempt/add/").status_code == 403
