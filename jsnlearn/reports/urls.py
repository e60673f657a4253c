"""Reports live under the admin (admin/reports/), behind its sign-in: staff only."""

from django.contrib import admin
from django.urls import path

from jsnlearn.reports import views

app_name = "reports"

urlpatterns = [
    path("", admin.site.admin_view(views.index), name="index"),
    path("courses/<int:course_id>/", admin.site.admin_view(views.course_report), name="course"),
    path(
        "courses/<int:course_id>/learners.csv",
        admin.site.admin_view(views.course_learners_csv),
        name="course_learners_csv",
    ),
    path(
        "classes/<int:classroom_id>/",
        admin.site.admin_view(views.classroom_report),
        name="classroom",
    ),
    path(
        "classes/<int:classroom_id>/members.csv",
        admin.site.admin_view(views.classroom_csv),
        name="classroom_csv",
    ),
    path("quizzes/<int:quiz_id>/", admin.site.admin_view(views.quiz_report), name="quiz"),
    path(
        "quizzes/<int:quiz_id>/statistics/",
        admin.site.admin_view(views.quiz_statistics),
        name="quiz_statistics",
    ),
    path(
        "quizzes/<int:quiz_id>/statistics.csv",
        admin.site.admin_view(views.quiz_statistics_csv),
        name="quiz_statistics_csv",
    ),
]
