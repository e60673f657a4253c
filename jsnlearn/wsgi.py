"""The WSGI entry point gunicorn serves (see the Procfile)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jsnlearn.settings")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # A missing or malformed environment variable: one line saying what to set, no traceback.
    raise SystemExit(f"Configuration error: {exc}") from None
