from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("courses/", views.catalog, name="catalog"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
