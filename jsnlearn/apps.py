from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, so that site-wide checks and commands can live in it."""

    name = "jsnlearn"
    verbose_name = "jsnlearn"

    def ready(self):
        from jsnlearn import (
            checks,  # noqa: F401 (registers the checks)
            nested_admin_sorting,
        )

        nested_admin_sorting.install()
