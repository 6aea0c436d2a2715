"""GET /api/v1/indicators/?district=&period=: the city's (or a district's) indicators as released
(hidden ones: value null, display "< 5" for a count, "too few to show" otherwise)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from genk_village.permissions import role_permission

from .forms import FilterForm
from .permissions import DASHBOARD_ROLES, dashboard_cities
from .selectors import PERIODS, export_table


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    display = serializers.CharField()
    suppressed = serializers.BooleanField()


class ScopeSerializer(serializers.Serializer):
    city = serializers.CharField()
    district = serializers.IntegerField(allow_null=True)
    period = serializers.IntegerField(help_text="days")
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField()
    made_at = serializers.DateTimeField(allow_null=True)


class IndicatorsSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    scope = ScopeSerializer()
    indicators = IndicatorSerializer(many=True)


class IndicatorsView(APIView):
    """Every indicator of the caller's city (or another city of their region) on the latest snapshot
    day, under disclosure control."""

    permission_classes = [role_permission(*DASHBOARD_ROLES)]

    @extend_schema(
        parameters=[
            OpenApiParameter("city", int, description="a city of the caller's region (id); default: theirs"),
            OpenApiParameter("district", int, description="a district of that city (id)"),
            OpenApiParameter("period", str, enum=list(PERIODS), description="days"),
        ],
        responses=IndicatorsSerializer,
    )
    def get(self, request):
        cities = dashboard_cities(request.user)
        if not cities:
            # a dashboard role without a city has no figures to see
            return Response({"detail": "Your account is not linked to a city."}, status=403)
        form = FilterForm(request.query_params or None, cities=cities)
        if request.query_params and not form.is_valid():
            # another city's district is "not one of the available choices": its name is never echoed
            return Response({"detail": form.errors.get_json_data()}, status=400)
        period, city, district = form.choices()
        board, start, _lines = export_table(city=city, district=district, period=period)
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
        scope = {
            "city": city.name,
            "district": district.pk if district else None,
            "period": PERIODS[period][1],
            "start": start.day if start else None,
            "end": board.day,
            "made_at": board.made_at,
        }
        return Response({"generated_at": timezone.now(), "scope": scope, "indicators": indicators})
