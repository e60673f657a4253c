"""Filling in a quiz form as a learner would, by the tokens the attempt page shows."""

from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Attempt
from quizzes.paper import Paper

QUIZ_URL = "/courses/sns-japan/m1/quiz/q1/"
START_URL = QUIZ_URL + "start/"


def paper_of(attempt) -> Paper:
    return Paper(attempt, attempt.quiz.questions.prefetch_related("choices"))


def correct_answers(paper: Paper) -> dict:
    return {
        shown.question.pk: grading.correct_answer(shown.question.spec())
        for shown in paper.questions
    }


def form_data(paper: Paper, answers: dict) -> dict:
    """POST data answering `paper` with `answers` (question id → answer in grading's shape)."""
    data = {}
    for shown in paper.questions:
        answer = answers.get(shown.question.pk)
        if answer is None:
            continue
        token = {option.choice.pk: option.token for option in shown.options}
        target = {option.choice.pk: option.token for option in shown.targets}
        if shown.kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            data[shown.name] = token[answer]
        elif shown.kind == Kind.MULTIPLE:
            data[shown.name] = [token[pk] for pk in answer]
        elif shown.kind == Kind.SHORT_TEXT:
            data[shown.name] = answer
        elif shown.kind == Kind.ORDERING:
            for slot, pk in zip(shown.slots, answer, strict=False):
                data[slot.name] = token[pk] if pk else ""
        else:
            for slot in shown.slots:
                right = answer.get(slot.left.choice.pk)
                data[slot.name] = target[right] if right else ""
    return data


def question_of(paper: Paper, kind: str):
    return next(shown for shown in paper.questions if shown.kind == kind)


def attempt_url(attempt) -> str:
    return f"/attempts/{attempt.pk}/"


def result_url(attempt) -> str:
    return f"/attempts/{attempt.pk}/result/"


def start(client, url=START_URL):
    """Start (or resume) an attempt through the quiz's Start button; the attempt it opened."""
    response = client.post(url)
    assert response.status_code == 302, response.status_code
    return Attempt.objects.get(pk=response.url.split("/")[2])


def submit(client, attempt, answers: dict):
    """Post `answers` (question id → grading's shape) to `attempt`'s form, blanks confirmed."""
    data = {**form_data(paper_of(attempt), answers), "confirm_blanks": "1"}
    response = client.post(attempt_url(attempt), data)
    assert response.status_code == 302, response.status_code
    attempt.refresh_from_db()
    return attempt
