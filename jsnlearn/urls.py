from django.contrib import admin
from django.urls import include, path

from jsnlearn import views

admin.site.site_header = "jsnlearn administration"
admin.site.site_title = "jsnlearn admin"
admin.site.index_title = "Courses, learners and settings"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("lessons.urls")),
]
