from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self):
        from lessons.models import Module
        from lessons.versions import watch_content, watch_learner
        from quizzes.models import Attempt, Choice, Question, Quiz

        watch_content(Quiz, lambda quiz: _course_of(Module, quiz.module_id, "course_id"))
        watch_content(Question, lambda q: _course_of(Quiz, q.quiz_id, "module__course_id"))
        watch_content(
            Choice, lambda c: _course_of(Question, c.question_id, "quiz__module__course_id")
        )
        watch_learner(Attempt)


def _course_of(model, pk, path):
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()
