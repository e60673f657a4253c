from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Courses and lessons"

    def ready(self):
        from lessons.models import Course, Lesson, Module
        from lessons.versions import watch

        watch(Course, lambda course: course.pk)
        watch(Module, lambda module: module.course_id)
        watch(
            Lesson,
            lambda lesson: (
                Module.objects.filter(pk=lesson.module_id)
                .values_list("course_id", flat=True)
                .first()
            ),
        )
