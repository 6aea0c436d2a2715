import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import translation

from genk_village import settings as configured

CHECK = "import django; django.setup()"


def _start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="genk_village.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", CHECK],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _start(DEBUG="0", ALLOWED_HOSTS="village.genk.be")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _start(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_secret_key_and_hosts():
    result = _start(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="village.genk.be")
    assert result.returncode == 0, result.stderr


def test_embedded_defaults_are_dutch_in_brussels_time():
    assert configured.LANGUAGE_CODE == "nl"  # the module itself: the tests read the site in English
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert {code for code, _name in settings.LANGUAGES} == {"nl", "en", "fr", "tr", "ar"}


@pytest.mark.django_db
def test_a_visitor_who_asks_for_no_language_reads_dutch(client, settings):
    settings.LANGUAGE_CODE = configured.LANGUAGE_CODE
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="nl" dir="ltr"' in page
    with translation.override("nl"):
        skip_link = translation.gettext("Skip to content")
    assert skip_link != "Skip to content" and skip_link in page


@pytest.mark.skipif(bool(settings.DATABASE_URL), reason="the embedded default applies without DATABASE_URL")
def test_embedded_default_uses_sqlite_and_eager_tasks():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not settings.REDIS_URL:
        assert settings.CELERY_TASK_ALWAYS_EAGER
