"""Settings for jsnlearn: one module, every deploy-specific value read from the environment.

With no environment at all the site runs for local development: DEBUG on, an SQLite file in the
repository, emails printed to the console. With DJANGO_DEBUG=0 it runs as in production, with
every security header and secure cookie on, and refuses to start without what production needs.
The README's "Configuration" table lists every variable.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from jsnlearn.env import env_bool, env_choice, env_int, env_int_list, env_list, env_str
from jsnlearn.providers import social_sign_in_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it to a long random string (production needs it)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (never used with DEBUG off)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=("localhost", "127.0.0.1", "[::1]") if DEBUG else ()
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set: list the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Where links in emails sent outside a request (reminders, digests) point: the first allowed host.
SITE_URL = env_str("DJANGO_SITE_URL").rstrip("/") or (
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if not DEBUG else "http://127.0.0.1:8000"
)
SOCIAL_SIGN_IN = social_sign_in_from_env()

INSTALLED_APPS = [
    "jsnlearn.apps.SiteConfig",
    "jsnlearn.accounts",
    "lessons",
    "quizzes",
    "jsnlearn.certificates",
    "jsnlearn.review",
    "jsnlearn.classrooms",
    "jsnlearn.mail",
    "django_tasks",
    "django_tasks_db",
    "nested_admin",  # before the admin: its inline templates win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    *SOCIAL_SIGN_IN.apps,
    "csp",
    "template_partials",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jsnlearn.middleware.LearnerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jsnlearn.middleware.CacheControlMiddleware",
    "jsnlearn.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "jsnlearn.urls"

# Steps of a course besides lessons, composed here so lessons never imports quizzes
# (lessons/progress.py explains the contract).
PROGRESS_ITEM_SOURCES = ["quizzes.progress.QuizSource"]
# What else may refuse to start a quiz (each raises quizzes.services.QuizClosed)
QUIZ_START_CHECKS = ["jsnlearn.classrooms.schedule.refuse_before_opening"]

# The course bundles `manage.py load_courses` imports (docs/course-bundles.md).
COURSE_BUNDLES_DIR = BASE_DIR / "jsnlearn" / "courses"

WSGI_APPLICATION = "jsnlearn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: DATABASE_URL (PostgreSQL on the PaaS), else an SQLite file in the repository ---
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let several gunicorn workers share the file without
    # "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The tests' database is a file too, not shared memory, so that tests of concurrent
    # requests (threads with their own connections) wait on its locks as workers do.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches. Everything kept in them is a copy, keyed by versions the database owns
# (jsnlearn/versions.py): a cache that is down, flushed or culled makes pages slower, never
# different. docs/architecture.md, "Caches", explains each.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    # allauth's sign-in counters, and nothing else: in the database, where every worker and
    # dyno shares them, no other entry can cull them and a cache outage cannot lift the limits.
    # The table is made by the migration accounts.0002.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jsnlearn_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},  # counters expire within minutes
    },
    # Figures worth sharing between workers and dynos (the course report's): Redis when
    # REDIS_URL is set, which may fail without failing a request (jsnlearn/cache.py); else
    # each worker's memory.
    "figures": {
        "BACKEND": "jsnlearn.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"},
    # Learner pages already made (jsnlearn/pagecache.py), packed, in each worker's memory.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "learner-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Template fragments many learners see alike ({% cache ... using="fragments" %}).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# The layers a benchmark turns off to measure what each one buys (`make bench
# BENCH_WITHOUT=pages`): "pages" and "fragments" (those caches keep nothing), "memory" (nothing
# is kept in a worker's memory, jsnlearn.versions.KeptInMemory). Never set in production.
CACHE_LAYERS = ("pages", "fragments", "memory")
CACHE_LAYERS_OFF = env_list("JSNLEARN_CACHE_LAYERS_OFF")
if unknown := set(CACHE_LAYERS_OFF) - set(CACHE_LAYERS):
    raise ImproperlyConfigured(
        f"JSNLEARN_CACHE_LAYERS_OFF names {', '.join(sorted(unknown))}: "
        f"the layers are {', '.join(CACHE_LAYERS)}."
    )
for _layer in {"pages", "fragments"} & set(CACHE_LAYERS_OFF):
    CACHES[_layer] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
KEEP_IN_MEMORY = "memory" not in CACHE_LAYERS_OFF

# --- Accounts: email is the login; allauth handles sign-up, sign-in and sign-out ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lessons:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "jsnlearn.accounts.forms.SignupForm"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "DJANGO_EMAIL_VERIFICATION",
    ("none", "optional", "mandatory"),
    default="optional" if DEBUG else "mandatory",
)
# Confirming the address in the browser that signed up signs the learner in and takes them
# where they were going (a class's invitation, say); from another browser, they sign in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[jsnlearn] "
ACCOUNT_ADAPTER = "jsnlearn.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {  # the same forms, labelled in the site's words
    "login": "jsnlearn.accounts.allauth_forms.LoginForm",
    "signup": "jsnlearn.accounts.allauth_forms.SignupForm",
    "reset_password": "jsnlearn.accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "jsnlearn.accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "jsnlearn.accounts.allauth_forms.ChangePasswordForm",
    "set_password": "jsnlearn.accounts.allauth_forms.SetPasswordForm",
    "add_email": "jsnlearn.accounts.allauth_forms.AddEmailForm",
    "reauthenticate": "jsnlearn.accounts.allauth_forms.ReauthenticateForm",
}
ACCOUNT_CHANGE_EMAIL = True  # one address per learner, replaced once the new one is verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell the learner when their password or address changes
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # a borrowed session can't change the address
# allauth's defaults, written out because the tests and the README rely on them: after 5 failed
# sign-ins for one address within 5 minutes (or 10 from one client within a minute), sign-in is
# refused with a 429 page.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Behind the PaaS router the client's address is the last one the router adds to
# X-Forwarded-For; with no proxy trusted, allauth uses the connection's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("DJANGO_TRUSTED_CLIENT_IP_HEADER") or None

# --- Sign-in with other providers: off unless configured (see jsnlearn/providers.py) ---
SOCIALACCOUNT_PROVIDERS = SOCIAL_SIGN_IN.providers
SOCIALACCOUNT_AUTO_SIGNUP = False  # a new learner still chooses a display name
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_FORMS = {"signup": "jsnlearn.accounts.allauth_forms.ProviderSignupForm"}

# --- Email: SMTP when DJANGO_EMAIL_HOST is set, else printed to the console (stdout) ---
# Every message is queued (jsnlearn/mail), then sent by the worker through EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "jsnlearn.mail.backend.QueuedEmailBackend"
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "jsnlearn <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A failed delivery is tried again after each of these delays (seconds), then marked failed.
EMAIL_RETRY_DELAYS = env_int_list("DJANGO_EMAIL_RETRY_DELAYS", (60, 300, 1800, 7200))
# A mail still "sending" this long after a worker took it was lost with that worker
# (jsnlearn.mail.services.requeue_stalled puts it back); far above EMAIL_TIMEOUT.
EMAIL_STALLED_AFTER = env_int("DJANGO_EMAIL_STALLED_AFTER", 15 * 60)

# --- Background work: Django's Tasks API, stored in the database, run by `manage.py db_worker` ---
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Certificates: signed with a key of the site's (jsnlearn/certificates/signing.py) ---
# A long random string, kept secret; the Ed25519 key is derived from it. Without it the key is
# derived from SECRET_KEY, and `check --deploy` warns (jsnlearn.W002).
CERTIFICATE_SIGNING_KEY = env_str("DJANGO_CERTIFICATE_SIGNING_KEY")
if CERTIFICATE_SIGNING_KEY and len(CERTIFICATE_SIGNING_KEY) < 32:
    raise ImproperlyConfigured(
        "DJANGO_CERTIFICATE_SIGNING_KEY is too short: set it to a random string of at least "
        "32 characters."
    )

# --- Internationalisation ---
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# The site speaks English only (its Japanese is course content, not translation). With
# translation machinery on, every {% url %} and string looked up the active language: a page's
# URLs cost 60 us each instead of 20, and a page 40% more.
USE_I18N = False
USE_TZ = True

# --- Static files: whitenoise serves them; in production with hashed, immutably cached names ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development (and the tests, which run it with DEBUG forced off) serve files straight from
# static/, picking up edits; in production only the collected, hashed copies.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# --- Security headers: on everywhere, so a page that breaks them breaks in development too ---
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:"],  # lesson images may come from any https host
        "font-src": [SELF],
        "connect-src": [SELF],
        # A provider's sign-in form redirects to the provider: browsers check that against this.
        "form-action": [SELF, *SOCIAL_SIGN_IN.form_action_origins],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

if not DEBUG:
    # The PaaS router terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the platform's health checks may come over plain HTTP
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"  # links in emails, providers' callback URLs

# --- Logging: everything to stdout, where the PaaS collects it ---
LOG_LEVEL = env_choice(
    "DJANGO_LOG_LEVEL", ("debug", "info", "warning", "error", "critical"), default="info"
).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Subsetting the certificate PDF's font logs a dozen lines at INFO per PDF.
        "fontTools": {"level": "WARNING"},
    },
}
