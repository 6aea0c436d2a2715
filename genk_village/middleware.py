"""Security rules for people who see family files or pilot figures (coordinators, steering members)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from rest_framework.response import Response

from .permissions import holds_staff_role

# Every page for staff roles: the back office, the dashboard and the family's choice of coach. The API
# applies the same rule in its authentication classes (genk_village.tokens).
PROTECTED_PREFIXES = ("/admin/", "/monitoring/", "/proposals/")


def axes_username(request, credentials) -> str | None:
    """django-axes keys lockouts on the e-mail address, whichever form (admin, allauth, API) sent it."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or credentials.get("login")
    return value.lower() if isinstance(value, str) else value


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_use_authenticator(user) -> bool:
    """Staff roles need an authenticator app wherever they sign in, when MFA_REQUIRED_FOR_STAFF is on."""
    return bool(settings.MFA_REQUIRED_FOR_STAFF) and holds_staff_role(user)


def lacks_required_authenticator(user) -> bool:
    return must_use_authenticator(user) and not has_totp(user)


class StaffSecurityMiddleware:
    """Shorter sessions for staff roles, and an authenticator app before any staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if holds_staff_role(user):
            if request.session.get_expiry_age() > settings.STAFF_SESSION_SECONDS:
                request.session.set_expiry(settings.STAFF_SESSION_SECONDS)
            if request.path.startswith(PROTECTED_PREFIXES) and lacks_required_authenticator(user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


API_PREFIX = "/api/"
PRIVATE_PREFIXES = (API_PREFIX, "/admin/")


def _api_error(status: int, detail) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status)


def _api_error_text(status: int):
    if status == 404:
        return _("Not found.")
    if status == 413:
        return _("The request is too large.")
    if status >= 500:
        return _("Something went wrong on our side; please try again later.")
    return _("This request cannot be handled.")


def _too_big(request) -> bool:
    """DRF reads a JSON body from the stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check: check first."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


class PrivateResponseMiddleware:
    """Personal data is never kept by a browser or proxy: every answer to a signed-in person, and every
    API and back-office answer, is `Cache-Control: no-store`. Every API error is JSON {"detail": ...},
    including Django's own (an unknown path, a body too large), so clients never parse an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(API_PREFIX)
        if is_api and _too_big(request):
            response = _api_error(413, _api_error_text(413))
        else:
            response = self.get_response(request)
        if is_api and response.status_code >= 400 and not isinstance(response, Response):
            # DRF's errors are already JSON; this is what Django answers before or outside a DRF view.
            response = _api_error(response.status_code, _api_error_text(response.status_code))
        user = getattr(request, "user", None)
        if request.path.startswith(PRIVATE_PREFIXES) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
