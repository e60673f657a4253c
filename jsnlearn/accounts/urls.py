from django.urls import path

from jsnlearn.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("my-data/", views.export, name="export"),
    path("readings/", views.readings, name="readings"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("digests/", views.digests, name="digests"),
    path("delete/", views.delete, name="delete"),
]
