from django.contrib import admin
from django.urls import path

from jsnlearn.bundles import views

app_name = "bundles"

urlpatterns = [
    path("import/", admin.site.admin_view(views.import_bundle_page), name="import"),
    path(
        "courses/<int:course_id>/export/",
        admin.site.admin_view(views.export_bundle),
        name="export",
    ),
]
