"""What every API endpoint shares: errors as {"detail": ...}, cursor pagination, roles, token sign-in, me."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, throttling
from rest_framework.authtoken.models import Token
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
