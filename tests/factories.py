import factory

from jsnlearn.accounts.models import User
from jsnlearn.rendering import render_markdown
from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module

PASSWORD = "kidoku-stamp-42"  # every factory user signs in with this


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    password = factory.django.Password(PASSWORD)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "How people in Japan use social networks at work."
    is_published = True


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    is_published = True


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "## What to do\n\nBow slightly and offer your 名刺 (*meishi*) with both hands."
    estimated_minutes = 5
    is_published = True


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)


class LessonCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonCompletion

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)


def build_course(*, modules: int, lessons_per_module: int, **course_fields) -> Course:
    """A published course of `modules` x `lessons_per_module`, inserted in bulk (fast)."""
    course = CourseFactory(**course_fields)
    made = Module.objects.bulk_create(
        Module(course=course, position=m, slug=f"m{m}", title=f"Module {m}", is_published=True)
        for m in range(1, modules + 1)
    )
    body = LessonFactory.body
    Lesson.objects.bulk_create(
        Lesson(
            module=module,
            position=n,
            slug=f"l{n}",
            title=f"Lesson {module.position}.{n}",
            body=body,
            body_html=render_markdown(body),
            is_published=True,
        )
        for module in made
        for n in range(1, lessons_per_module + 1)
    )
    return course
