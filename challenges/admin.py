from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from families import services as family_services
from families.models import Offer
from genk_village.admin_base import CityScopedAdmin, CityScopedInline, ReadOnlyAdmin, service_action

from . import services
from .models import Challenge, ChallengeEvent, OfferAnswer, Pledge, PointsEntry


class ChallengeEventInline(CityScopedInline, admin.TabularInline):
    """The append-only history, read-only."""

    model = ChallengeEvent
    extra = 0
    fields = ["created_at", "kind", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Challenge)
class ChallengeAdmin(CityScopedAdmin):
    """Moderation: coordinators read, correct the wording and cancel; states change through services."""

    list_display = [
        "title",
        "family",
        "district",
        "category",
        "status",
        "needed_by",
        "claimant",
        "created_at",
    ]
    list_select_related = ["family", "district", "claimant"]
    list_filter = ["status", "category", "exchange_mode", "district", "needed_by"]
    search_fields = ["title", "description", "family__reference", "claimant__display_name"]
    autocomplete_fields = ["family", "claimant"]
    readonly_fields = [
        "status",
        "claimant",
        "claimed_at",
        "delivered_at",
        "confirmed_at",
        "closed_at",
        "posted_by",
        "district",
        "city",
    ]
    fields = [
        "title",
        "description",
        "category",
        "exchange_mode",
        "needed_by",
        "family",
        "district",
        "city",
        "status",
        "claimant",
        "posted_by",
        "claimed_at",
        "delivered_at",
        "confirmed_at",
        "closed_at",
    ]
    date_hierarchy = "needed_by"
    inlines = [ChallengeEventInline]
    actions = ["cancel", "confirm", "export_csv", "export_xlsx"]

    def has_add_permission(self, request) -> bool:
        # Challenges are posted by the family's coach (or through the API), where the rules are checked.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "family"]

    cancel = service_action(
        _("Cancel the selected challenges"),
        _("%(count)d challenges cancelled."),
        services.challenge_cancel,
        "challenge",
    )

    confirm = service_action(
        _("Confirm the selected challenges as done"),
        _("%(count)d challenges confirmed."),
        services.challenge_confirm,
        "challenge",
    )


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdmin):
    """The points ledger is append-only: readable, never edited."""

    city_path = "supporter__city"
    list_display = ["created_at", "supporter", "family", "points", "reason"]
    list_select_related = ["supporter", "family"]
    list_filter = ["reason"]
    search_fields = ["supporter__display_name", "family__reference"]
    actions = ["export_csv", "export_xlsx"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        city = request.user.city_id
        return queryset.filter(Q(supporter__city_id=city) | Q(family__city_id=city))


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    """Pledges are append-only and each paid its points: readable, never edited."""

    city_path = "challenge__city"
    list_display = ["created_at", "challenge", "supporter", "quantity"]
    list_select_related = ["challenge", "supporter"]
    list_filter = ["created_at"]
    search_fields = ["challenge__title", "supporter__display_name"]
    actions = []


@admin.register(OfferAnswer)
class OfferAnswerAdmin(ReadOnlyAdmin):
    actions = []
    city_path = "offer__family__city"
    list_display = ["created_at", "offer", "supporter"]
    list_select_related = ["offer", "supporter"]
    list_filter = ["created_at"]
    search_fields = ["offer__title", "supporter__display_name", "message"]


@admin.register(Offer)
class OfferAdmin(CityScopedAdmin):
    """The family's offers, beside the board where supporters answer them. The status moves through the
    actions: offer_give (taken, with the family's points, once) and offer_withdraw."""

    city_path = "family__city"
    list_display = ["title", "family", "exchange_mode", "status", "created_at"]
    list_select_related = ["family"]
    list_filter = ["exchange_mode", "status"]
    search_fields = ["title", "family__reference"]
    autocomplete_fields = ["family"]
    readonly_fields = ["status", "recorded_by"]
    actions = ["mark_given", "withdraw", "export_csv", "export_xlsx"]

    mark_given = service_action(
        _("Mark as given (the family earns its points)"),
        _("%(count)d offers marked as given."),
        services.offer_give,
        "offer",
    )

    withdraw = service_action(
        _("Withdraw the offer"), _("%(count)d offers withdrawn."), family_services.offer_withdraw, "offer"
    )
