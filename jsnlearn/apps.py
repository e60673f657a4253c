from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app: site-wide checks, templates tags and commands live here."""

    name = "jsnlearn"
    verbose_name = "jsnlearn"

    def ready(self):
        from jsnlearn import checks  # noqa: F401 (registers the checks)
