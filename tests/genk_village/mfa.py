"""An authenticator app for tests: enrol a person with allauth's own TOTP, and read its current code."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value


def enrol_authenticator(user) -> str:
    """Sets up an authenticator app for `user` the way allauth's activation page does; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    """The code the app shows now (time-machine moves "now" too)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
