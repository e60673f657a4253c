import pytest

from tests.factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory


@pytest.fixture
def learner(db):
    return UserFactory(display_name="Aiko")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def course(db):
    """A published course of two modules with two lessons each, in position order."""
    course = CourseFactory(slug="sns-japan", title="Social networking in Japan")
    for m in (1, 2):
        module = ModuleFactory(course=course, position=m, slug=f"m{m}", title=f"Module {m}")
        for n in (1, 2):
            LessonFactory(module=module, position=n, slug=f"l{n}", title=f"Lesson {m}.{n}")
    return course


@pytest.fixture
def lessons(course):
    """The course's lessons in reading order: 1.1, 1.2, 2.1, 2.2."""
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]
