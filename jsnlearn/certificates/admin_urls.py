"""The instructors' side, under the admin's sign-in (admin/reports/certificates/)."""

from django.contrib import admin
from django.urls import path

from jsnlearn.certificates import report

app_name = "certificate_reports"

urlpatterns = [
    path("<uuid:pk>/revoke/", admin.site.admin_view(report.revoke), name="revoke"),
]
