from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "jsnlearn.certificates"
    label = "certificates"
    verbose_name = "Certificates"
