"""The lists show counts, status and a preview link, in the same few queries at any size."""

import re

import pytest

from lessons.models import Module
from quizzes.models import Quiz
from tests.factories import build_course, build_quiz
from tests.helpers import answer_in_queries

LISTS = ["lessons/course", "lessons/module", "lessons/lesson", "quizzes/quiz", "quizzes/question"]
# Each list reads the session, the user, the user's two permission sets, the two counts the
# admin shows (of the rows found, of all) and the page's rows, their counts annotated; the lists
# below courses also read the instructor's courses, for the filter by course.
LIST_QUERIES = {path: 7 if path == "lessons/course" else 8 for path in LISTS}


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


@pytest.mark.parametrize("courses", [1, 6])
@pytest.mark.parametrize("path", LISTS)
def test_each_list_costs_the_same_queries_with_one_course_or_many(
    instructor_client, instructor, django_assert_num_queries, path, courses
):
    for n in range(courses):
        made = build_course(modules=2, lessons_per_module=2, slug=f"c{n}")
        made.instructors.add(instructor)
        for module in made.modules.all():
            build_quiz(module=module, kinds=["single", "matching"], slug=f"q{module.pk}")
    assert Quiz.objects.count() == 2 * courses

    answer_in_queries(
        django_assert_num_queries, LIST_QUERIES[path], instructor_client, f"/admin/{path}/"
    )
