from django.contrib import admin
from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from families import services as family_services
from families.models import Family, Offer
from genk_village.admin_base import (
    CityScopedAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    service_action,
)
from genk_village.admin_site import place
from supporters.models import Supporter

from . import services
from .forms import HideForm
from .models import (
    Challenge,
    ChallengeEvent,
    ChallengeReport,
    ChallengeToModerate,
    OfferAnswer,
    Pledge,
    PointsEntry,
)


class ChallengeEventInline(ReadOnlyInline, admin.TabularInline):
    """The append-only history, read-only."""

    model = ChallengeEvent
    fields = ["created_at", "kind", "actor"]
    readonly_fields = fields


class ChallengeReportInline(ReadOnlyInline, admin.TabularInline):
    """What supporters reported, read-only: reports change through the actions."""

    model = ChallengeReport
    fk_name = "challenge"
    fields = ["created_at", "reason", "note", "reporter", "outcome", "handled_at", "handled_by"]
    readonly_fields = fields


@admin.action(description=_("Hide with a reason"))
def hide_with_reason(modeladmin, request, queryset):
    """An intermediate page asks the reason, then challenge_hide runs per challenge."""
    form = HideForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        modeladmin.apply_service(
            request,
            queryset,
            lambda c: services.challenge_hide(
                challenge=c, reason=form.cleaned_data["reason"], actor=request.user
            ),
            ngettext_lazy("%(count)d challenge hidden.", "%(count)d challenges hidden.", "count"),
        )
        return None
    return TemplateResponse(
        request,
        "admin/challenges/challenge_hide.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Hide challenges"),
            "form": form,
            "challenges": list(queryset),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


class CappedCountPaginator(Paginator):
    """A list of a year of challenges counts up to COUNT_CAP rows, not every row on each page view: at a
    million rows a full count costs more than the page itself. Past the cap the list still pages on."""

    COUNT_CAP = 1_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.COUNT_CAP + 1].count()


def search_words(term: str) -> list[str]:
    """The words of an admin search as Django's own search splits them: "quoted words" stay together."""
    words = []
    for bit in smart_split(term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        words.append(bit)
    return words


@admin.register(Challenge)
class ChallengeAdmin(CityScopedAdmin):
    """Moderation: coordinators read, correct the wording and cancel; states change through services.

    Newest first along the index of that order; counted up to a cap; no date hierarchy, which reads every
    row of the city for its years (the "needed by" filter stays)."""

    paginator = CappedCountPaginator
    show_full_result_count = False

    list_display = [
        "title",
        "family",
        "district",
        "category",
        "status",
        "needed_by",
        "claimant",
        "created_at",
        "hidden_at",
    ]
    list_select_related = ["family", "district", "claimant"]
    list_filter = ["status", "category", "exchange_mode", "district", "needed_by"]
    ordering = ["-created_at", "-id"]
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
        "hidden_at",
        "hidden_by",
        "hidden_reason",
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
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    ]
    inlines = [ChallengeEventInline, ChallengeReportInline]
    actions = ["cancel", "confirm", hide_with_reason, "export_csv", "export_xlsx"]

    def has_add_permission(self, request) -> bool:
        # Challenges are posted by the family's coach (or through the API), where the rules are checked.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "family"]

    def get_search_results(self, request, queryset, search_term):
        """Every word in the title or the description, the family's reference or the claimant's name.

        The families and supporters a word names are looked up first, so that each part of the OR is a
        condition on the challenge table alone: on PostgreSQL the planner combines the trigram indexes
        of title and description (migration 0013) with the family and claimant indexes, instead of
        reading every challenge of the city through two joins."""
        for word in search_words(search_term):
            families = Family.objects.filter(reference__icontains=word).values_list("pk", flat=True)
            supporters = Supporter.objects.filter(display_name__icontains=word).values_list("pk", flat=True)
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(family_id__in=list(families))
                | Q(claimant_id__in=list(supporters))
            )
        return queryset, False

    cancel = service_action(
        _("Cancel the selected challenges"),
        ngettext_lazy("%(count)d challenge cancelled.", "%(count)d challenges cancelled.", "count"),
        services.challenge_cancel,
        "challenge",
    )

    confirm = service_action(
        _("Confirm the selected challenges as done"),
        ngettext_lazy("%(count)d challenge confirmed.", "%(count)d challenges confirmed.", "count"),
        services.challenge_confirm,
        "challenge",
    )


def _first_open_report() -> Subquery:
    reports = ChallengeReport.objects.open().filter(challenge=OuterRef("pk")).order_by("created_at")
    return Subquery(reports.values("created_at")[:1])


def _open_reports_count() -> Subquery:
    # A subquery, not a join with COUNT: the visibility filters of the queryset stay without GROUP BY.
    reports = ChallengeReport.objects.open().filter(challenge=OuterRef("pk")).order_by()
    return Subquery(reports.values("challenge").annotate(n=Count("pk")).values("n")[:1])


@admin.register(ChallengeToModerate)
class ChallengeToModerateAdmin(ReadOnlyAdmin):
    """The moderation queue: challenges with open reports, the longest waiting first. Hide one with a
    reason, or dismiss its reports when nothing is wrong."""

    list_display = ["title", "district", "status", "open_reports", "reasons", "first_reported"]
    list_select_related = ["district"]
    list_filter = ["status", "district"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "category", "district", "status", "needed_by", "hidden_at"]
    inlines = [ChallengeReportInline]
    actions = [hide_with_reason, "dismiss_reports"]

    def get_queryset(self, request):
        open_reports = ChallengeReport.objects.open()
        return (
            super()
            .get_queryset(request)
            .filter(Exists(open_reports.filter(challenge=OuterRef("pk"))))
            .annotate(open_count=_open_reports_count(), first_report_at=_first_open_report())
            .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports_list"))
        )

    def get_ordering(self, request):
        # An expression, not the `ordering` attribute: the admin orders before the annotations exist.
        return [_first_open_report().asc(), "pk"]

    @admin.display(description=_("open reports"), ordering="open_count")
    def open_reports(self, obj) -> int:
        return obj.open_count

    @admin.display(description=_("reasons"))
    def reasons(self, obj) -> str:
        return ", ".join(sorted({str(r.get_reason_display()) for r in obj.open_reports_list}))

    @admin.display(description=_("first reported at"), ordering="first_report_at")
    def first_reported(self, obj):
        return obj.first_report_at

    @admin.action(description=_("Dismiss the reports"))
    def dismiss_reports(self, request, queryset):
        reports = ChallengeReport.objects.open().filter(challenge__in=queryset.values("pk"))
        self.apply_service(
            request,
            reports.select_related("challenge"),
            lambda report: services.challenge_report_dismiss(report=report, actor=request.user),
            ngettext_lazy("%(count)d report dismissed.", "%(count)d reports dismissed.", "count"),
        )


@admin.register(ChallengeReport)
class ChallengeReportAdmin(ReadOnlyAdmin):
    """Reports are written by supporters and handled through the moderation queue: read-only here."""

    actions = []
    list_display = ["created_at", "challenge", "reason", "reporter", "outcome", "handled_at"]
    list_select_related = ["challenge", "reporter"]
    list_filter = ["reason", "outcome", "created_at"]
    search_fields = ["challenge__title", "note"]


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
        ngettext_lazy("%(count)d offer marked as given.", "%(count)d offers marked as given.", "count"),
        services.offer_give,
        "offer",
    )

    withdraw = service_action(
        _("Withdraw the offer"),
        ngettext_lazy("%(count)d offer withdrawn.", "%(count)d offers withdrawn.", "count"),
        family_services.offer_withdraw,
        "offer",
    )


place("community", Challenge, ChallengeToModerate, ChallengeReport, PointsEntry, Pledge, OfferAnswer)
