"""Genk Village settings: one module, driven by environment variables.

Without any variable set this is the embedded demo: SQLite, Celery tasks run eagerly in-process,
e-mail printed to the console. Production sets DEBUG=0 and must then provide a real SECRET_KEY and
ALLOWED_HOSTS, or the process refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_str(name: str, default: str) -> str:
    """An empty variable counts as unset, so `FOO=` in an env file keeps the safe default."""
    return os.environ.get(name, "").strip() or default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
INSECURE_DEV_KEY = "django-insecure-genk-village-embedded-demo-key"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of 40+ characters when DEBUG=0.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DEBUG=0.")

INSTALLED_APPS = [
    "genk_village.apps.GenkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "genk_village",
    "families",
    "coaches",
    "supporters",
    "challenges",
    "leisure",
    "monitoring",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # No-store on personal answers and JSON for every API error, around everything that answers after it.
    "genk_village.middleware.PrivateResponseMiddleware",
    # After authentication: a signed-in person's stored language wins over cookie and browser.
    "genk_village.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "genk_village.middleware.StaffSecurityMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # WhiteNoise serves the collected static files in production; in DEBUG, runserver serves them itself.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "genk_village.urls"
WSGI_APPLICATION = "genk_village.wsgi.application"

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
                "genk_village.language.switcher_languages",
            ],
        },
    },
]

# Database: SQLite beside the code unless DATABASE_URL names PostgreSQL. Persistent connections
# (CONN_MAX_AGE) with health checks so a restarted database does not leave broken connections.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is broker and cache when REDIS_URL is set; otherwise tasks run eagerly in-process and the
# cache is local memory (one process, which is what the embedded default is).
REDIS_URL = env_str("REDIS_URL", "")
# The cache gets its own Redis database (default: the broker's number + 1), so that clearing the
# cache can never drop queued jobs.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", "")
if REDIS_URL and not CACHE_REDIS_URL:
    _broker = urlsplit(REDIS_URL)
    _broker_db = int(_broker.path.strip("/") or 0)
    CACHE_REDIS_URL = urlunsplit(_broker._replace(path=f"/{_broker_db + 1}"))
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL}
    }
else:
    # Room for the nightly job's warm dashboards (monitoring/warming.py: 240 for a city of 15 districts)
    # beside the rate-limit counters, which the default of 300 entries would cull.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# acks_late: a task whose worker dies is delivered again; every task is idempotent, so that is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message whose worker died unacknowledged is delivered again after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Europe/Brussels"
# The one beat schedule. Each job picks every overdue row, so a missed run is caught up by the next.
CELERY_BEAT_SCHEDULE = {
    # retention: closed family files older than RETENTION_DAYS are anonymised, every night
    "anonymise-expired-family-files": {
        "task": "genk_village.tasks.anonymise_expired_family_files",
        "schedule": crontab(hour=2, minute=30),
    },
    # open challenges past their needed-by date become "expired", shortly after midnight
    "expire-overdue-challenges": {
        "task": "challenges.tasks.expire_overdue_challenges",
        "schedule": crontab(hour=0, minute=15),
    },
    # challenges that opened without their supporters being told (a lost job): tell them now
    "match-recent-challenges": {
        "task": "challenges.tasks.match_recent_challenges",
        "schedule": crontab(minute="*/10"),
    },
    # the leisure offer of each city from the UiTdatabank (does nothing without UITDATABANK_CLIENT_ID)
    "refresh-activity-catalogues": {
        "task": "leisure.tasks.refresh_activity_catalogues",
        "schedule": crontab(hour=3, minute=40),
    },
    # open for 48 hours: tell a wider circle of supporters
    "widen-unclaimed-challenges": {
        "task": "challenges.tasks.widen_unclaimed_challenges",
        "schedule": crontab(minute=5),
    },
    # open for 72 hours: alert the city's coordinators
    "alert-unclaimed-challenges": {
        "task": "challenges.tasks.alert_unclaimed_challenges",
        "schedule": crontab(minute=35),
    },
    # the morning digest of fitting challenges for supporters who prefer one e-mail a day
    "send-digests": {
        "task": "challenges.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # coaches with no contact logged for 30 days get one reminder per silence, every morning
    "remind-matches-without-contact": {
        "task": "coaches.tasks.remind_matches_without_contact",
        "schedule": crontab(hour=7, minute=30),
    },
    # coaches hear of a contact moment of the support rhythm a few days before it is due, once per moment
    "remind-support-moments": {
        "task": "coaches.tasks.remind_support_moments",
        "schedule": crontab(hour=7, minute=35),
    },
    # families that wanted a new shortlist at a closure get it once the pause after the closure is over
    "offer-rematches": {
        "task": "coaches.tasks.offer_rematches",
        "schedule": crontab(hour=7, minute=40),
    },
    # candidate coaches whose criminal-record extract is about to get too old for approval
    "remind-screening-lapses": {
        "task": "coaches.tasks.remind_screening_lapses",
        "schedule": crontab(hour=7, minute=45),
    },
    # the coordinators' weekly digest of matches needing attention, on Monday morning
    "send-coordinator-digests": {
        "task": "coaches.tasks.send_coordinator_digests",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    # the steering dashboard's trends: yesterday's indicators, once the day is over (an upsert, so a
    # rerun or a catch-up of a missed night changes nothing)
    "snapshot-indicators": {
        "task": "monitoring.tasks.snapshot_indicators",
        "schedule": crontab(hour=1, minute=30),
    },
}

AUTH_USER_MODEL = "genk_village.User"
AUTHENTICATION_BACKENDS = [
    # First: django-axes refuses sign-ins from a locked-out address/account before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 for new hashes; older PBKDF2 hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# allauth: e-mail is the login; no usernames anywhere.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
# Sign-ups and coach applications: at most 10 posts per client IP in 10 minutes (allauth's counters, in
# the cache), so nobody tries addresses in bulk; a limited post gets templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": env_str("SIGNUP_RATE", "10/10m/ip"),
    "coach_application": env_str("COACH_APPLICATION_RATE", "10/10m/ip"),
}
# A sign-up with an address that has an account answers as a new one does (allauth's enumeration
# prevention): supporters.signup.SignupForm sends the owner allauth's "account already exists" e-mail.
ACCOUNT_FORMS = {"signup": "supporters.signup.SignupForm"}
# The link in that e-mail signs the new person in, in the browser they signed up in (allauth checks that
# the sign-up is pending in that session).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Sign-up asks person-or-group, the name shown and the city, and makes the supporter profile.
ACCOUNT_SIGNUP_FORM_CLASS = "supporters.forms.SupporterSignupForm"
# Sends allauth's e-mails (verification, password reset) in the recipient's stored language.
ACCOUNT_ADAPTER = "genk_village.language.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Genk Village"
# Coordinators and steering members must have an authenticator app before they open the back office or
# the dashboard. On by default in production; the embedded demo leaves it off so the demo accounts
# sign in with their password alone.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)
# People who see family files or pilot figures get a shorter session than volunteers.
STAFF_SESSION_SECONDS = env_int("STAFF_SESSION_SECONDS", 4 * 3600)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# API tokens (genk_village.tokens) expire: after 30 days, and after 8 hours for staff roles.
API_TOKEN_SECONDS = env_int("API_TOKEN_SECONDS", 30 * 24 * 3600)
API_TOKEN_STAFF_SECONDS = env_int("API_TOKEN_STAFF_SECONDS", 8 * 3600)

# django-axes: five failed sign-ins for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "genk_village.middleware.axes_username"
AXES_RESET_ON_SUCCESS = True
# Lockouts are reset with `manage.py axes_reset`; their records stay out of the coordinators' back office.
AXES_ENABLE_ADMIN = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Genk Village <noreply@example.org>")

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fr", _("French")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Cookies only over HTTPS in production; SECURE_COOKIES=0 is for a production-like run on plain loopback.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# HSTS preload is a one-way decision for the city's whole domain; the city takes it, not the code.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content Security Policy: only the project's own scripts and styles, no inline code at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Both let staff through only with their authenticator app (MFA_REQUIRED_FOR_STAFF).
        "genk_village.tokens.SessionAuthentication",
        "genk_village.tokens.ApiTokenAuthentication",
    ],
    # Deny by default: every endpoint names its own permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "genk_village.pagination.CursorPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "genk_village.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        "token": env_str("API_THROTTLE_TOKEN", "20/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Genk Village API",
    "DESCRIPTION": "Challenges, families, points and indicators of Genk Village.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page loads Swagger UI from the project's own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ChallengeStatusEnum": "challenges.models.Challenge.Status",
        "FamilyStatusEnum": "families.models.Family.Status",
        "PointsReasonEnum": "challenges.models.PointsEntry.Reason",
        "ReportReasonEnum": "challenges.models.ChallengeReport.Reason",
    },
}

# Programme settings.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "genk-village-demo")
MATCH_YEARS = env_int("MATCH_YEARS", 3)
# For this long after choosing a coach the family (or whoever recorded the choice) can undo it; after
# that only a coordinator can, in the admin, until the coach answers.
PROPOSAL_UNDO_MINUTES = env_int("PROPOSAL_UNDO_MINUTES", 10)
# Who can be referred: a child aged between these two numbers of full years (inclusive) on the referral
# day. The default covers the year before primary school (a child who turns 5 this calendar year is 4 or 5).
PROGRAMME_AGE_YEARS = tuple(int(years) for years in env_list("PROGRAMME_AGE_YEARS", "4,6"))
# Days after a family file is closed before the retention job anonymises it.
RETENTION_DAYS = env_int("RETENTION_DAYS", 2 * 365)
# Matching (coaches.matching): coaches on a family's shortlist, and the pause after a closed match
# before the family gets new proposals.
SHORTLIST_SIZE = env_int("SHORTLIST_SIZE", 3)
REMATCH_BUFFER_DAYS = env_int("REMATCH_BUFFER_DAYS", 30)
# Match support (coaches.support): a first contact within SUPPORT_FIRST_CONTACT_DAYS of the start, then one a
# month until SUPPORT_MONTHLY_UNTIL_MONTHS, then one every SUPPORT_LATER_EVERY_MONTHS months; the coach is
# reminded SUPPORT_REMIND_DAYS_BEFORE days ahead. A health check-in every HEALTH_CHECK_IN_EVERY_MONTHS
# months (missing after HEALTH_CHECK_IN_GRACE_DAYS more); a drop of HEALTH_SCORE_DROP points is flagged.
# A match closed before PREMATURE_CLOSURE_MONTHS is premature.
SUPPORT_FIRST_CONTACT_DAYS = env_int("SUPPORT_FIRST_CONTACT_DAYS", 14)
SUPPORT_MONTHLY_UNTIL_MONTHS = env_int("SUPPORT_MONTHLY_UNTIL_MONTHS", 12)
SUPPORT_LATER_EVERY_MONTHS = env_int("SUPPORT_LATER_EVERY_MONTHS", 3)
SUPPORT_REMIND_DAYS_BEFORE = env_int("SUPPORT_REMIND_DAYS_BEFORE", 3)
HEALTH_CHECK_IN_EVERY_MONTHS = env_int("HEALTH_CHECK_IN_EVERY_MONTHS", 3)
HEALTH_CHECK_IN_GRACE_DAYS = env_int("HEALTH_CHECK_IN_GRACE_DAYS", 14)
HEALTH_SCORE_DROP = env_int("HEALTH_SCORE_DROP", 3)
PREMATURE_CLOSURE_MONTHS = env_int("PREMATURE_CLOSURE_MONTHS", 12)
# Statistical disclosure control of the monitoring: a count below this is shown as "< N", never the number.
DISCLOSURE_THRESHOLD = env_int("DISCLOSURE_THRESHOLD", 5)
# Notifications: text messages go through this adapter (a class with send(*, to, text)); links in e-mails
# start with SITE_URL.
SMS_BACKEND = env_str("SMS_BACKEND", "supporters.notifications.ConsoleSmsBackend")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The leisure catalogue (leisure.uitdatabank): publiq's UiTdatabank Search API v3. Without a client id the
# nightly import does nothing and the catalogue is what coordinators enter. Only postal codes and ages are
# ever sent. A failed request is retried RETRIES times, waiting BACKOFF x 2^n seconds (or Retry-After).
UITDATABANK_SEARCH_URL = env_str("UITDATABANK_SEARCH_URL", "https://search.uitdatabank.be/")
UITDATABANK_CLIENT_ID = env_str("UITDATABANK_CLIENT_ID", "")
UITDATABANK_TIMEOUT_SECONDS = env_int("UITDATABANK_TIMEOUT_SECONDS", 10)
UITDATABANK_RETRIES = env_int("UITDATABANK_RETRIES", 4)
UITDATABANK_BACKOFF_SECONDS = float(env_str("UITDATABANK_BACKOFF_SECONDS", "2"))
UITDATABANK_MAX_PAGES = env_int("UITDATABANK_MAX_PAGES", 40)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
