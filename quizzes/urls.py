from django.urls import path

from quizzes import views

app_name = "quizzes"

QUIZ = "courses/<slug:course_slug>/<slug:module_slug>/quiz/<slug:quiz_slug>/"
ATTEMPT = "attempts/<uuid:attempt_id>/"

urlpatterns = [
    path(QUIZ, views.quiz_detail, name="quiz"),
    path(QUIZ + "start/", views.quiz_start, name="start"),
    path(QUIZ + "preview/", views.quiz_preview, name="preview"),
    path(ATTEMPT, views.attempt_detail, name="attempt"),
    path(ATTEMPT + "result/", views.attempt_result, name="result"),
]
