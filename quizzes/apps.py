from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from lessons.models import Module
        from lessons.versions import watch
        from quizzes.models import Choice, Question, Quiz

        watch(Quiz, lambda quiz: _course_of(Module, quiz.module_id, "course_id"))
        watch(Question, lambda q: _course_of(Quiz, q.quiz_id, "module__course_id"))
        watch(Choice, lambda c: _course_of(Question, c.question_id, "quiz__module__course_id"))


def _course_of(model, pk, path):
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()
