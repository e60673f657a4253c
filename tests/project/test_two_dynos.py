"""Two dynos on one database, as a PaaS runs them, each the Procfile's gunicorn with its own
memory, and Redis unreachable: what an instructor changes through one dyno, a learner on the
other sees, and is graded by, at once."""

import json
import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest

from tests.authoring.helpers import form_of
from tests.helpers import free_port
from tests.project.production import HOST, manage, production_env, run_python, start_server

SETUP = """
import json
from jsnlearn.accounts.models import User
from jsnlearn.loadtest.sessions import signed_in
from lessons.models import Course, Lesson, Module
from quizzes.models import Quiz
from quizzes.services import start_attempt

course = Course.objects.create(slug="c", title="Cards", summary="s", is_published=True)
module = Module.objects.create(course=course, slug="m", title="M", is_published=True)
lesson = Lesson.objects.create(module=module, slug="l", title="Bowing", body="Bow.")
Lesson.objects.filter(pk=lesson.pk).update(is_published=True)
quiz = Quiz.objects.create(module=module, slug="q", title="Check", is_published=True)
question = quiz.questions.create(kind="true_false", prompt="Stand up?", points=1)
true = question.choices.create(position=1, text="True", is_correct=True)
false = question.choices.create(position=2, text="False", is_correct=False)
admin = User.objects.create_superuser("admin@example.com", "pw-not-used", display_name="Admin")
learner = User.objects.create_user("sora@example.com", "pw-not-used", display_name="Sora")
attempt = start_attempt(user=learner, quiz=quiz).attempt
print(json.dumps({
    "admin": signed_in(admin).cookie, "learner": signed_in(learner).cookie,
    "attempt": str(attempt.pk), "question": question.pk, "lesson": lesson.pk,
    "false": false.pk,
}))
"""

ANSWER = """
from quizzes.models import Response
print(Response.objects.get(question_id={question}).is_correct)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("dynos")
    env = production_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        assert manage(env, *step).returncode == 0
    made = run_python(env, SETUP)
    assert made.returncode == 0, made.stderr
    dynos = [start_server(env, tmp_path_factory.mktemp(f"dyno{n}")) for n in (1, 2)]
    yield SimpleNamespace(env=env, one=dynos[0], two=dynos[1], **json.loads(made.stdout))
    for dyno in dynos:
        dyno.stop()


def get(dyno, path, cookie) -> str:
    response = dyno.get(path, headers={"Cookie": cookie})
    assert response.status == 200, (path, response.status)
    return response.text


def post(dyno, path, cookie, data) -> int:
    csrf = re.search(r"csrftoken=(\w+)", cookie)[1]
    headers = {
        "Cookie": cookie,
        "Origin": f"https://{HOST}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": csrf,
    }
    return dyno.request("POST", path, headers=headers, body=urlencode(data, doseq=True)).status


def admin_form(site, path) -> dict:
    return form_of(SimpleNamespace(content=get(site.one, path, site.admin).encode()))


def test_each_dyno_says_the_cache_is_degraded_and_serves_on(site):
    for dyno in (site.one, site.two):
        health = dyno.get("/healthz")
        assert health.status == 200
        assert json.loads(health.body)["cache"] == "unreachable"


def test_a_lesson_renamed_through_one_dyno_shows_on_the_other_at_once(site):
    assert "Bowing" in get(site.two, "/courses/c/", site.learner)  # kept by dyno two
    path = f"/admin/lessons/lesson/{site.lesson}/change/"

    status = post(site.one, path, site.admin, admin_form(site, path) | {"title": "Bowing low"})

    assert status == 302
    assert "Bowing low" in get(site.two, "/courses/c/", site.learner)


def test_an_answer_key_fixed_through_one_dyno_grades_on_the_other_at_once(site):
    attempt = f"/attempts/{site.attempt}/"
    form_page = get(site.two, attempt, site.learner)  # dyno two reads the questions
    false = re.search(r'value="(\w+)"><label for="[^"]+">False</label>', form_page)[1]
    path = f"/admin/quizzes/question/{site.question}/change/"
    form = {k: v for k, v in admin_form(site, path).items() if not k.endswith("-is_correct")}
    row = next(
        k[: -len("-id")] for k, v in form.items() if k.endswith("-id") and v == str(site.false)
    )

    assert post(site.one, path, site.admin, form | {f"{row}-is_correct": "on"}) == 302
    assert post(site.two, attempt, site.learner, {f"q{site.question}": false}) == 302

    graded = run_python(site.env, ANSWER.format(question=site.question))
    assert graded.stdout.strip() == "True", graded.stderr
