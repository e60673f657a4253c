"""Django's createsuperuser, whose --noinput needs only the address and the password
(DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_PASSWORD), as the README says. The display name is
still asked for at the prompt, and may be given by --display_name or
DJANGO_SUPERUSER_DISPLAY_NAME; otherwise it is `ADMIN_DISPLAY_NAME`."""

import os

from django.contrib.auth.management.commands import createsuperuser

from jsnlearn.accounts.models import ADMIN_DISPLAY_NAME


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        given = options.get("display_name") or os.environ.get("DJANGO_SUPERUSER_DISPLAY_NAME")
        if not options["interactive"] and not given:
            options["display_name"] = ADMIN_DISPLAY_NAME
        return super().handle(*args, **options)
