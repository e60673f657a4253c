from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "jsnlearn.mail"
    label = "mail"
    verbose_name = "Email"
