"""Families in the API: a coach reads the family matched to them, a coordinator the families of their city."""

from rest_framework import mixins, serializers, viewsets

from genk_village.audit import audit
from genk_village.permissions import role_permission

from .models import Family


class FamilySerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Family
        fields = ["id", "reference", "district", "status", "created_at"]
        read_only_fields = fields


class FamilyDetailSerializer(FamilySerializer):
    children = serializers.SerializerMethodField()
    household_languages = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta(FamilySerializer.Meta):
        fields = [
            *FamilySerializer.Meta.fields,
            "family_name",
            "children",
            "household_languages",
            "plan_summary",
        ]
        read_only_fields = fields

    def get_children(self, family) -> list[str]:
        return [child.first_name for child in family.children.all()]


ReadsFamilies = role_permission("coach", "coordinator")


class FamilyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The list holds no personal data; opening one family is a read of its file and is audited."""

    permission_classes = [ReadsFamilies]
    lookup_value_regex = "[0-9]+"  # any other id is a 404 from the router, never a 500

    def get_queryset(self):
        return (
            Family.objects.visible_to(self.request.user)
            .select_related("district")
            .prefetch_related("children", "household_languages")
        )

    def get_serializer_class(self):
        return FamilyDetailSerializer if self.action == "retrieve" else FamilySerializer

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit(actor=request.user, action="families.family.viewed", target=self.get_object())
        return response
