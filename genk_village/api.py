"""What every API endpoint shares: errors as {"detail": ...}, cursor pagination, roles, me."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from challenges.selectors import points_balance

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


class HasRole(permissions.BasePermission):
    """Allow signed-in, active users holding one of `roles` (superusers always)."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or any(getattr(user, f"is_{role}", False) for role in self.roles)


def role_permission(*roles: str) -> type[HasRole]:
    return type(f"Has{''.join(r.title() for r in roles)}Role", (HasRole,), {"roles": roles})


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.CharField())
    points = serializers.IntegerField()


class MeView(APIView):
    """Who am I: e-mail, roles and (for supporters) the points balance."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        supporter = getattr(user, "supporter", None) if user.is_supporter else None
        return Response(
            {
                "email": user.email,
                "roles": user.roles,
                "points": points_balance(supporter) if supporter else 0,
            }
        )
