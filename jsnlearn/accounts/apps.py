from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jsnlearn.accounts"
    label = "accounts"
    verbose_name = "Users"  # allauth's own app is already called "Accounts"
