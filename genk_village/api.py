"""What every API endpoint shares: errors as {"detail": ...}, cursor pagination, roles, token sign-in, me."""

import copy
from collections.abc import Callable

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, throttling
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError


def exception_handler(exc, context):
    """A refused service call is a 400/403/404/409 with its sentence; everything else as DRF says."""
    if isinstance(exc, ServiceError):
        return Response({"detail": str(exc)}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        # Field errors: keep them per field, and add one sentence for clients that show only "detail".
        response.data = {"detail": "Invalid input.", **response.data}
    elif response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(map(str, response.data))}
    return response


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenView(APIView):
    """Exchange an e-mail address and password for an API token."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttling.ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenInput, responses={200: inline_serializer("Token", {"token": serializers.CharField()})}
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, email=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            return Response(
                {"detail": "E-mail address or password is not correct."}, status=status.HTTP_400_BAD_REQUEST
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


# What /api/v1/me/ adds beyond e-mail and roles: name → (value for a user, its field in the schema).
# Apps register theirs in AppConfig.ready(), so the core names no domain app.
ME_FIELDS: dict[str, tuple[Callable[[object], object], serializers.Field]] = {}


def register_me_field(name: str, value: Callable[[object], object], field: serializers.Field) -> None:
    """Add `name` to /api/v1/me/: `value(user)` in the response, `field` in the OpenAPI schema."""
    ME_FIELDS[name] = (value, field)


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.CharField())

    def get_fields(self):
        fields = super().get_fields()
        for name, (_value, field) in ME_FIELDS.items():
            fields[name] = copy.deepcopy(field)
        return fields


class MeView(APIView):
    """Who am I: e-mail, roles and what the apps registered (for supporters, the points balance)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        registered = {name: value(user) for name, (value, _field) in ME_FIELDS.items()}
        return Response({"email": user.email, "roles": user.roles, **registered})
