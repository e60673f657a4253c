from django.urls import path

from lessons import views

app_name = "lessons"

LESSON = "courses/<slug:course_slug>/<slug:module_slug>/<slug:lesson_slug>/"

urlpatterns = [
    path("courses/", views.catalog, name="catalog"),
    path("courses/<slug:course_slug>/", views.course_detail, name="course"),
    path("courses/<slug:course_slug>/enroll/", views.course_enroll, name="enroll"),
    path(LESSON, views.lesson_detail, name="lesson"),
    path(LESSON + "complete/", views.lesson_complete, name="complete"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("pictures/<str:digest>/<str:size>.webp", views.picture, name="picture"),
    path(
        "pictures/drawn/v<str:version>/<str:code>.svg",
        views.generated_picture,
        name="generated_picture",
    ),
]
