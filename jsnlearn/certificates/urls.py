from django.urls import path

from jsnlearn.certificates import views

app_name = "certificates"

CERTIFICATE = "certificates/<uuid:pk>/"

urlpatterns = [
    path("certificates/new/<slug:course_slug>/", views.claim, name="claim"),
    path(CERTIFICATE, views.detail, name="detail"),
    path(CERTIFICATE + "certificate.pdf", views.pdf, name="pdf"),
    path(CERTIFICATE + "open-badge.jwt", views.open_badge, name="open_badge"),
    path(CERTIFICATE + "visibility/", views.visibility, name="visibility"),
    path(CERTIFICATE + "delete/", views.delete, name="delete"),
    path("verify/<uuid:pk>/", views.verify, name="verify"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path(".well-known/did.json", views.did_document, name="did"),
]
