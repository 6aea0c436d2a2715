"""What every API endpoint shares: errors as {"detail": ...}, cursor pagination, roles, me."""

import copy
from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
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
