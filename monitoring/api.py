"""GET /api/v1/indicators/: the city's indicators as released (hidden ones: value null, display "< 5")."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from genk_village.permissions import role_permission

from .permissions import DASHBOARD_ROLES
from .selectors import dashboard


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    display = serializers.CharField()
    suppressed = serializers.BooleanField()


class IndicatorsSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    indicators = IndicatorSerializer(many=True)


class IndicatorsView(APIView):
    """Every indicator of the caller's city on the latest snapshot day, under disclosure control."""

    permission_classes = [role_permission(*DASHBOARD_ROLES)]

    @extend_schema(responses=IndicatorsSerializer)
    def get(self, request):
        if not request.user.city_id:
            # a dashboard role without a city has no figures to see
            return Response({"detail": "Your account is not linked to a city."}, status=403)
        board = dashboard(user=request.user, trends=False)
        indicators = [
            {
                "code": code,
                "label": str(row.indicator.label),
                "value": row.figure.value,
                "display": row.figure.display,
                "suppressed": row.figure.suppressed,
            }
            for code, row in board.rows.items()
        ]
        return Response({"generated_at": timezone.now(), "indicators": indicators})
