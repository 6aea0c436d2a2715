"""Challenges in the API: reads over visible_to(), one action per state change, all through the services;
and a supporter's own points."""

from operator import attrgetter

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from families.models import Family
from genk_village.models import District
from genk_village.permissions import role_permission

from . import services, validators
from .models import Challenge, ChallengeReport, PointsEntry
from .selectors import points_balance, points_entries


class ChallengeSerializer(serializers.ModelSerializer):
    """What anyone allowed to see a challenge sees: what is needed, by when, where; never who."""

    district = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "description",
            "category",
            "district",
            "needed_by",
            "status",
            "exchange_mode",
            "created_at",
            "claimed_at",
        ]
        read_only_fields = fields


class IntegerPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id is an integer: 2.5, "2.5" or true is refused, not rounded or cast to another family's id."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and data.isascii() and data.isdigit())
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class ChallengeInput(serializers.Serializer):
    """The same limits as the coach's form (challenges.validators); the service screens the texts."""

    family = IntegerPrimaryKeyField(queryset=Family.objects.none())
    title = serializers.CharField(
        max_length=validators.TITLE_MAX_LENGTH, validators=validators.TITLE_VALIDATORS
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=validators.DESCRIPTION_MAX_LENGTH
    )
    category = serializers.ChoiceField(choices=Challenge.Category.choices)
    needed_by = serializers.DateField(validators=[validators.validate_needed_by])
    exchange_mode = serializers.ChoiceField(
        choices=Challenge.ExchangeMode.choices, default=Challenge.ExchangeMode.GIFT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A coach can post only for the family matched to them: others are "not found".
        request = self.context.get("request")
        if request is not None:
            self.fields["family"].queryset = Family.objects.visible_to(request.user)


class ReportInput(serializers.Serializer):
    """A supporter's report: why, and an optional note the service screens."""

    reason = serializers.ChoiceField(choices=ChallengeReport.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeReport
        fields = ["id", "reason", "note", "created_at"]
        read_only_fields = fields


class ChallengeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Challenge.Status.choices)
    category = django_filters.ChoiceFilter(choices=Challenge.Category.choices)
    district = django_filters.CharFilter(method="filter_district")

    class Meta:
        model = Challenge
        fields = ["status", "category", "district"]

    def filter_district(self, queryset, name, value):
        """By the district's name, read first, in the reader's city (another city's district of the same
        name holds nothing they see): with the id as a value (no join) each part of a supporter's list
        keeps to its own index."""
        districts = District.objects.filter(name__iexact=value)
        city_id = getattr(self.request.user, "city_id", None) if self.request else None
        if city_id is not None:
            districts = districts.filter(city_id=city_id)
        ids = list(districts.values_list("pk", flat=True))
        return queryset.filter(district_id__in=ids)


class UnionOfParts:
    """The parts of what a supporter sees, paged as one list: the cursor paginator orders, filters and cuts
    each part on its own (one index each), and their rows are merged here. One query per part, instead of an
    OR across two indexes, which PostgreSQL answers by sorting every open challenge of the city."""

    def __init__(self, parts: list, ordering: tuple[str, ...] = ()):
        self.parts = parts
        self.ordering = ordering

    def order_by(self, *fields: str) -> "UnionOfParts":
        return UnionOfParts([part.order_by(*fields) for part in self.parts], fields)

    def filter(self, *args, **kwargs) -> "UnionOfParts":
        return UnionOfParts([part.filter(*args, **kwargs) for part in self.parts], self.ordering)

    def __getitem__(self, cut: slice) -> list:
        # each part's first `stop` rows hold the union's first `stop`; a row in two parts counts once
        rows = list({row.pk: row for part in self.parts for row in part[: cut.stop]}.values())
        for field in reversed(self.ordering):
            rows.sort(key=attrgetter(field.lstrip("-")), reverse=field.startswith("-"))
        return rows[cut]


ReadsChallenges = role_permission("supporter", "coach", "coordinator")
PostsChallenges = role_permission("coach", "coordinator")
IsSupporter = role_permission("supporter")


class ChallengeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ChallengeSerializer
    lookup_value_regex = "[0-9]+"  # any other id is a 404 from the router, never a 500
    filterset_class = ChallengeFilter
    permission_classes = [ReadsChallenges]

    def get_queryset(self):
        return Challenge.objects.visible_to(self.request.user).select_related("district")

    def paginate_queryset(self, queryset):
        user = self.request.user
        parts = Challenge.objects.supporter_parts(user)
        # Only for someone who is a supporter and nothing else: the parts are all such a person sees.
        if len(parts) > 1 and not (user.is_coach or user.is_coordinator or user.is_superuser):
            queryset = UnionOfParts([queryset.filter(part) for part in parts])
        return super().paginate_queryset(queryset)

    def get_permissions(self):
        if self.action == "create":
            return [PostsChallenges()]
        if self.action in {"claim", "release", "deliver", "report"}:
            return [IsSupporter()]
        if self.action == "confirm":
            return [PostsChallenges()]
        return super().get_permissions()

    @extend_schema(request=ChallengeInput, responses={201: ChallengeSerializer})
    def create(self, request):
        data = ChallengeInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        challenge = services.challenge_post(actor=request.user, **data.validated_data)
        return Response(ChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)

    def _supporter_target(self, request, pk):
        """A supporter acts on any challenge of their city, so a lost race is a 409, not a 404."""
        supporter = request.user.supporter
        challenge = get_object_or_404(
            Challenge.objects.select_related("district"), pk=pk, city_id=supporter.city_id
        )
        return challenge, supporter

    def _respond(self, challenge):
        return Response(ChallengeSerializer(challenge).data)

    @extend_schema(request=None, responses={200: ChallengeSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None, format=None):
        challenge, supporter = self._supporter_target(request, pk)
        return self._respond(
            services.challenge_claim(challenge=challenge, supporter=supporter, actor=request.user)
        )

    @extend_schema(request=None, responses={200: ChallengeSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None, format=None):
        challenge, supporter = self._supporter_target(request, pk)
        return self._respond(
            services.challenge_release(challenge=challenge, supporter=supporter, actor=request.user)
        )

    @extend_schema(request=None, responses={200: ChallengeSerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None, format=None):
        challenge, supporter = self._supporter_target(request, pk)
        return self._respond(
            services.challenge_deliver(challenge=challenge, supporter=supporter, actor=request.user)
        )

    @extend_schema(request=None, responses={200: ChallengeSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, format=None):
        challenge = get_object_or_404(self.get_queryset(), pk=pk)
        return self._respond(services.challenge_confirm(challenge=challenge, actor=request.user))

    @extend_schema(request=ReportInput, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None, format=None):
        """Only a challenge the supporter can see is reported: any other is "not found"."""
        challenge = get_object_or_404(self.get_queryset(), pk=pk)
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.challenge_report(
            challenge=challenge, supporter=request.user.supporter, actor=request.user, **data.validated_data
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class PointsEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PointsEntry
        fields = ["points", "reason", "created_at"]


class PointsSerializer(serializers.Serializer):
    balance = serializers.IntegerField()
    entries = PointsEntrySerializer(many=True)


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
