from django.urls import path

from jsnlearn.review import views

app_name = "review"

urlpatterns = [
    path("", views.review, name="review"),
    path("cards/<int:card_id>/", views.answer, name="answer"),
    path("answers/<int:log_id>/", views.answered, name="answered"),
    path("answers/<int:log_id>/easy/", views.easy, name="easy"),
    path("settings/", views.review_settings, name="settings"),
    path("settings/<slug:course_slug>/reset/", views.reset, name="reset"),
]
