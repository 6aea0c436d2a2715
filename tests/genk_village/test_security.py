"""The security envelope: deploy checks, headers, lockouts, two-factor for staff, sessions, hashing."""

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from genk_village.models import User

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-only-" + "z" * 20,
    "ALLOWED_HOSTS": "village.genk.be",
    "DATABASE_URL": "",
    "REDIS_URL": "",
}


def test_check_deploy_is_clean_under_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_code(client):
    response = client.get(reverse("account_login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_the_account_out_even_with_the_right_password(
    client, settings, coordinator
):
    settings.AXES_ENABLED = True
    settings.ACCOUNT_RATE_LIMITS = False  # isolate django-axes from allauth's own limits
    url = reverse("account_login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"login": coordinator.email, "password": "wrong password"})

    response = client.post(url, {"login": coordinator.email, "password": "correct horse battery staple"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/"])
def test_a_coordinator_without_an_authenticator_app_is_sent_to_set_one_up(client, coordinator, path):
    client.force_login(coordinator)
    with override_settings(MFA_REQUIRED_FOR_STAFF=True):
        response = client.get(path)

        assert response.status_code == 302
        assert response.url.startswith(reverse("mfa_activate_totp"))

        Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"})
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_demo_mode_lets_coordinators_in_with_their_password_alone(client, coordinator):
    client.force_login(coordinator)
    with override_settings(MFA_REQUIRED_FOR_STAFF=False):
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_staff_sessions_are_shorter_than_volunteers(client, coordinator, supporter):
    client.force_login(coordinator)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_SECONDS

    client.logout()
    client.force_login(supporter)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE > settings.STAFF_SESSION_SECONDS


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("new@example.org", "a long and good password")

    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_the_admin_sign_in_is_allauths(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
