from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jsnlearn.accounts"
    label = "accounts"
    verbose_name = "Accounts"
