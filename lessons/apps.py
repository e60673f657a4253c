from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = "Courses and lessons"

    def ready(self):
        from django.contrib.auth import get_user_model

        from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
        from lessons.versions import watch_access, watch_content, watch_learner

        watch_content(Course, lambda course: course.pk)
        watch_content(Module, lambda module: module.course_id)
        watch_content(
            Lesson,
            lambda lesson: (
                Module.objects.filter(pk=lesson.module_id)
                .values_list("course_id", flat=True)
                .first()
            ),
        )
        watch_access(Course.instructors.through)
        watch_access(get_user_model().groups.through)
        watch_learner(Enrollment)
        watch_learner(LessonCompletion)
