"""The token endpoint of the API (/api/v1/auth/token/) and the "sign out everywhere" page."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, throttling
from rest_framework.response import Response
from rest_framework.views import APIView

from ..middleware import must_use_authenticator
from . import ApiTokenAuthentication, api_token_issue, api_token_revoke, user_sign_out_everywhere


class StaffDoorSessionScheme(SessionScheme):
    """Documents the API's session authentication as the cookie session it is."""

    target_class = "genk_village.tokens.SessionAuthentication"


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="The current code of the authenticator app; required for coordinators and steering.",
    )


TokenOutput = inline_serializer(
    "Token", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
)
Detail = inline_serializer("TokenDetail", {"detail": serializers.CharField()})


def _bad_request(message) -> Response:
    return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)


class TokenView(APIView):
    """POST: an e-mail address, password and (for staff) authenticator code for a token.
    DELETE: revokes the token that authenticates the call."""

    throttle_classes = [throttling.ScopedRateThrottle]
    throttle_scope = "token"

    def _giving_back(self) -> bool:
        # The schema generator asks without a request: it then documents DELETE's token.
        return getattr(self.request, "method", "DELETE") == "DELETE"

    def get_authenticators(self):
        # Asking for a token takes the body's credentials only; giving one back takes the token itself.
        return [ApiTokenAuthentication()] if self._giving_back() else []

    def get_permissions(self):
        return [permissions.IsAuthenticated()] if self._giving_back() else [permissions.AllowAny()]

    @extend_schema(
        request=TokenInput,
        responses={200: TokenOutput, 400: Detail},
        auth=[],
        description=(
            "Exchange an e-mail address and password for an API token, sent as `Authorization: Token "
            "<token>`. A person with an authenticator app (coordinators and steering members must have "
            "one) adds `code`, the app's current code. Tokens expire at `expires_at`; a password change "
            "or signing out everywhere revokes them."
        ),
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"].lower()
        user = authenticate(request, email=email, password=data.validated_data["password"])
        if user is None or not user.is_active:
            return _bad_request(_("E-mail address or password is not correct."))
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None and must_use_authenticator(user):
            return _bad_request(
                _("Set up an authenticator app in your account first; then ask for a token with its code.")
            )
        if totp is not None:
            code = data.validated_data.get("code", "").strip()
            if not code:
                return _bad_request(_("Add the current code of your authenticator app as “code”."))
            if not totp.wrap().validate_code(code):
                # Counted by django-axes like a wrong password, towards the same lockout.
                user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)
                return _bad_request(_("The authenticator code is not correct."))
            totp.record_usage()
        key, token = api_token_issue(user=user, actor=user)
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The token is revoked.")},
        description="Revoke the token that authenticates this call.",
    )
    def delete(self, request):
        api_token_revoke(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@login_required
def sign_out_everywhere(request):
    """Signs the person out on every device and revokes their API tokens."""
    if request.method == "POST":
        user_sign_out_everywhere(user=request.user, actor=request.user)
        logout(request)
        messages.success(request, _("You are signed out on every device, and your API tokens are revoked."))
        return redirect("account_login")
    return render(request, "account/sign_out_everywhere.html")
