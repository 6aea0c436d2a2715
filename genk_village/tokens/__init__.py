"""API tokens and the one door for staff in the API.

A token is asked for with an e-mail address and password, plus the current authenticator code for a
person who has (or, as staff, must have) an authenticator app. Only its SHA-256 is stored. It expires
(sooner for staff), and it is refused once the person's password, security stamp (sign out everywhere)
or roles are no longer those it was issued for.

This module holds the services and the authentication classes that the settings name; the views are in
`.views`, since DRF's views read the settings and so must not be imported from here.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, status

from ..audit import audit
from ..middleware import lacks_required_authenticator
from ..models import ApiToken
from ..permissions import holds_staff_role

# A token's last use is written at most once a minute, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _roles(user) -> str:
    return ",".join([*user.roles, *(["superuser"] if user.is_superuser else [])])


def _fingerprint(user) -> str:
    return _digest(f"{user.password}\n{user.security_stamp}")


def api_token_issue(*, user, actor, now: datetime | None = None) -> tuple[str, ApiToken]:
    """A new token for `user`: the key is returned once, only its hash is kept. Staff tokens live
    API_TOKEN_STAFF_SECONDS, everyone else's API_TOKEN_SECONDS."""
    now = now or timezone.now()
    seconds = settings.API_TOKEN_STAFF_SECONDS if holds_staff_role(user) else settings.API_TOKEN_SECONDS
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        token = ApiToken.objects.create(
            user=user,
            key_hash=_digest(key),
            roles=_roles(user),
            user_fingerprint=_fingerprint(user),
            created_at=now,
            expires_at=now + timedelta(seconds=seconds),
        )
        audit(actor=actor, action="genk_village.apitoken.issued", target=token, city_id=user.city_id)
    return key, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> None:
    """The token stops working at once."""
    audit(actor=actor, action="genk_village.apitoken.revoked", target=token, city_id=token.user.city_id)
    token.delete()


def tokens_revoke(user) -> int:
    """Every API token of `user` stops working (sign out everywhere, erasure)."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def user_sign_out_everywhere(*, user, actor) -> None:
    """Ends every session of `user` (the stamp is part of the session hash) and every API token."""
    user.security_stamp = secrets.token_hex(16)
    user.save(update_fields=["security_stamp"])
    tokens_revoke(user)
    audit(actor=actor, action="genk_village.user.signed_out_everywhere", target=user)


def token_refusal(token: ApiToken | None, now: datetime) -> str | None:
    """Why `token` may not be used now, or None when it may."""
    if token is None:
        return _("The token is not valid; ask for a new one.")
    if token.expires_at <= now:
        return _("The token has expired; ask for a new one.")
    user = token.user
    if not user.is_active or token.user_fingerprint != _fingerprint(user) or token.roles != _roles(user):
        return _("The token is not valid; ask for a new one.")
    return None


class TokenRefused(exceptions.APIException):
    """A 401 with `WWW-Authenticate: Token`, whichever authentication class the settings name first."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("The token is not valid; ask for a new one.")
    default_code = "token_refused"
    auth_header = "Token"


# Open to staff without their app: who they are, giving a token back, and the public API documentation.
OUTSIDE_THE_DOOR = ("api:me", "api:token", "api:schema", "api:docs")


def _staff_door(request, user) -> None:
    """Staff without the authenticator app they must have reach nothing else of the API."""
    if lacks_required_authenticator(user) and request.path not in {
        reverse(name) for name in OUTSIDE_THE_DOOR
    }:
        raise exceptions.PermissionDenied(
            _("Set up an authenticator app in your account before you use the API.")
        )


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, behind the staff door."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _staff_door(request, result[0])
        return result


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against the hashed keys of ApiToken, behind the staff door."""

    keyword = "Token"

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except exceptions.AuthenticationFailed as error:  # a malformed header
            raise TokenRefused(error.detail) from error
        if result is not None:
            _staff_door(request, result[0])
        return result

    def authenticate_credentials(self, key):
        now = timezone.now()
        token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
        refusal = token_refusal(token, now)
        if refusal is not None:
            raise TokenRefused(refusal)
        # A conditional update: at most one write a minute per token, however busy the client.
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION), pk=token.pk
        ).update(last_used_at=now)
        return token.user, token
