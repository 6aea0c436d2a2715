"""Security rules for people who see family files or pilot figures (coordinators, steering members)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Every page for staff roles: the back office, the dashboard and the family's choice of coach. The API
# applies the same rule in its authentication classes (genk_village.tokens).
PROTECTED_PREFIXES = ("/admin/", "/monitoring/", "/proposals/")


def axes_username(request, credentials) -> str | None:
    """django-axes keys lockouts on the e-mail address, whichever form (admin, allauth, API) sent it."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or credentials.get("login")
    return value.lower() if isinstance(value, str) else value


def _is_staff_role(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.is_coordinator or user.is_steering or user.is_captain
    )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_use_authenticator(user) -> bool:
    """Staff roles need an authenticator app wherever they sign in, when MFA_REQUIRED_FOR_STAFF is on."""
    return bool(settings.MFA_REQUIRED_FOR_STAFF) and _is_staff_role(user)


def lacks_required_authenticator(user) -> bool:
    return must_use_authenticator(user) and not has_totp(user)


class StaffSecurityMiddleware:
    """Shorter sessions for staff roles, and an authenticator app before any staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if _is_staff_role(user):
            if request.session.get_expiry_age() > settings.STAFF_SESSION_SECONDS:
                request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
            if request.path.startswith(PROTECTED_PREFIXES) and lacks_required_authenticator(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
