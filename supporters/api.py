"""A supporter's own points in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from challenges.models import PointsEntry
from challenges.selectors import points_balance, points_entries
from genk_village.permissions import role_permission


class PointsEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsEntry
        fields = ["points", "reason", "created_at"]


class PointsSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    entries = PointsEntrySerializer(many=True)


IsSupporter = role_permission("supporter")


class MyPointsView(APIView):
    """My balance and the ledger entries behind it, newest first (the last 100)."""

    permission_classes = [IsSupporter]

    @extend_schema(responses=PointsSerializer)
    def get(self, request):
        supporter = request.user.supporter
        entries = points_entries(supporter)[:100]
        return Response(
            {"balance": points_balance(supporter), "entries": PointsEntrySerializer(entries, many=True).data}
        )
