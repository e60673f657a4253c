"""The lists show counts, status and a preview link, in the same few queries at any size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Module
from quizzes.models import Quiz
from tests.factories import build_course, build_quiz

LISTS = ["lessons/course", "lessons/module", "lessons/lesson", "quizzes/quiz", "quizzes/question"]


def cells(page: str, column: str) -> list[str]:
    found = re.findall(rf'<td class="field-{column}">(.*?)</td>', page, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def test_lists_count_what_each_row_holds(instructor_client, course, quiz):
    Module.objects.filter(course=course, slug="m2").update(is_published=False)

    courses = instructor_client.get("/admin/lessons/course/").content.decode()
    modules = instructor_client.get("/admin/lessons/module/").content.decode()
    quizzes = instructor_client.get("/admin/quizzes/quiz/").content.decode()
    questions = instructor_client.get("/admin/quizzes/question/").content.decode()

    assert (cells(courses, "module_count"), cells(courses, "lesson_count")) == (["2"], ["4"])
    assert cells(courses, "quiz_count") == ["1"]
    assert cells(modules, "lesson_count") == ["2", "2"]
    assert cells(modules, "quiz_count") == ["1", "0"]
    assert cells(modules, "status") == ["Published", "Draft"]
    assert cells(quizzes, "question_count") == ["6"]
    assert sorted(cells(questions, "option_count")) == ["1", "2", "3", "3", "4", "4"]
    assert f'href="{quiz.get_absolute_url()}"' in quizzes


def test_a_lesson_in_a_draft_module_says_it_is_hidden(instructor_client, course):
    Module.objects.filter(course=course, slug="m2").update(is_published=False)

    lessons = instructor_client.get("/admin/lessons/lesson/").content.decode()

    assert cells(lessons, "status") == ["Published"] * 2 + ["Hidden: its module is a draft"] * 2


@pytest.mark.parametrize("path", LISTS)
def test_each_list_costs_the_same_queries_with_one_course_or_many(
    instructor_client, instructor, path
):
    counts = []
    for size in (1, 6):
        for n in range(size):
            made = build_course(modules=2, lessons_per_module=2, slug=f"c{size}-{n}")
            made.instructors.add(instructor)
            for module in made.modules.all():
                build_quiz(module=module, kinds=["single", "matching"], slug=f"q{module.pk}")
        with CaptureQueriesContext(connection) as queries:
            assert instructor_client.get(f"/admin/{path}/").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert Quiz.objects.count() == 14
