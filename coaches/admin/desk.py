"""The matching desk: families in matching, their ranking with reasons, shortlists, one-time links and
batches (shortlists for many families, a balanced suggestion applied only on request)."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext

from genk_village.admin_base import CityScopedAdmin, CityScopedInline
from genk_village.audit import audit

from .. import services
from ..matching import rematch_allowed_from, shortlist_for, waiting_families
from ..models import (
    BatchRun,
    Coach,
    Match,
    MatchingWishes,
    WaitingFamily,
)
from . import shortlist

# Up to this many families at once the shortlists are proposed right away; more run in a batch.
SYNC_SHORTLISTS = 10


class MatchingWishesInline(CityScopedInline, admin.StackedInline):
    model = MatchingWishes
    can_delete = False
    fields = ["child_interests", "available_weekdays", "available_evenings", "available_weekends"]


class MatchingStatusFilter(admin.SimpleListFilter):
    """The desk shows the families in matching unless the coordinator asks for every family."""

    title = _("status")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [("all", _("every family"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("in matching"),
        }
        yield {
            "selected": self.value() == "all",
            "query_string": changelist.get_query_string({self.parameter_name: "all"}),
            "display": _("every family"),
        }

    def queryset(self, request, queryset):
        return queryset if self.value() == "all" else queryset.filter(status=WaitingFamily.Status.MATCHING)


@admin.register(WaitingFamily)
class WaitingFamilyAdmin(CityScopedAdmin):
    """Families in matching: their ranking with reasons, shortlists, one-time links and balancing."""

    audited = True
    list_display = ["reference", "district", "languages", "open_proposals", "new_proposals_from", "page"]
    list_select_related = ["district"]
    list_filter = [MatchingStatusFilter, "district"]
    search_fields = ["reference"]
    fields = ["reference", "status", "district", "languages", "ranking"]
    readonly_fields = fields
    inlines = [MatchingWishesInline]
    actions = ["propose_shortlist", "create_link", "suggest_balance"]

    def get_queryset(self, request):
        open_statuses = [Match.Status.PROPOSED, Match.Status.CHOSEN]
        return (
            super()
            .get_queryset(request)
            .annotate(open_count=Count("matches", filter=Q(matches__status__in=open_statuses)))
            .prefetch_related("household_languages")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        desk = self.admin_site.admin_view(self.changelist_view)
        return [
            # Families enter matching from their file; the desk adds nothing, so "add" shows the desk.
            path("add/", desk, name="coaches_waitingfamily_add"),
            path(
                "<int:object_id>/shortlist/",
                self.admin_site.admin_view(self.shortlist_view),
                name="coaches_waitingfamily_shortlist",
            ),
            path(
                "batch/<int:run_id>/",
                self.admin_site.admin_view(self.run_view),
                name="coaches_waitingfamily_batch",
            ),
            path(
                "batch/<int:run_id>/apply/",
                self.admin_site.admin_view(self.apply_view),
                name="coaches_waitingfamily_batch_apply",
            ),
            *super().get_urls(),
        ]

    def batch_runs(self, request):
        runs = BatchRun.objects.select_related("applied_by")
        return runs if request.user.is_superuser else runs.filter(city_id=request.user.city_id)

    def run_view(self, request, run_id: int):
        run = get_object_or_404(self.batch_runs(request), pk=run_id)
        families = WaitingFamily.objects.in_bulk(run.family_ids)
        coach_names = dict(
            Coach.objects.filter(pk__in=[c for _f, c, _s in run.result.get("pairs", [])]).values_list(
                "pk", "display_name"
            )
        )
        pairs = [
            {"family": families.get(f, f), "coach": coach_names.get(c, c), "score": score}
            for f, c, score in run.result.get("pairs", [])
        ]
        proposed = [
            {"family": families.get(int(f), f), "coaches": len(coaches)}
            for f, coaches in run.result.get("proposed", {}).items()
        ]
        skipped = [
            {"family": families.get(int(f), f), "reason": r} for f, r in run.result.get("skipped", {}).items()
        ]
        return TemplateResponse(
            request,
            "admin/coaches/batch_run.html",
            {
                **self.admin_site.each_context(request),
                "title": str(run),
                "run": run,
                "pairs": pairs,
                "unassigned": [families.get(f, f) for f in run.result.get("unassigned", [])],
                "proposed": proposed,
                "skipped": skipped,
                "opts": self.model._meta,
                "refresh": run.status in (BatchRun.Status.QUEUED, BatchRun.Status.RUNNING),
            },
        )

    def apply_view(self, request, run_id: int):
        run = get_object_or_404(self.batch_runs(request), pk=run_id)
        if request.method == "POST":
            try:
                proposals, skipped = services.batch_run_apply(run=run, actor=request.user)
            except services.CoachError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                self.message_user(
                    request,
                    ngettext_lazy("%(count)d proposal made.", "%(count)d proposals made.", "count")
                    % {"count": len(proposals)},
                    messages.SUCCESS,
                )
                for line in skipped:
                    self.message_user(request, line, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:coaches_waitingfamily_batch", args=[run.pk]))

    def shortlist_view(self, request, object_id: int):
        """Who was proposed and why; POST issues a new one-time link, or sends the one just issued."""
        family = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method == "POST" and request.POST.get("do") == "issue":
            return shortlist.issue_link(self, request, family)
        if request.method == "POST" and request.POST.get("do") == "send":
            return shortlist.send_link(self, request, family)
        return shortlist.shortlist_page(self, request, family)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a family at the matching desk is a read of its file: it goes into the audit trail."""
        family = self.get_object(request, object_id)
        if family is not None and request.method == "GET":
            audit(actor=request.user, action="families.family.viewed", target=family, fields=["matching"])
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("household languages"))
    def languages(self, family) -> str:
        return ", ".join(language.name for language in family.household_languages.all())

    @admin.display(description=_("open proposals"), ordering="open_count")
    def open_proposals(self, family) -> int:
        return family.open_count

    @admin.display(description=_("new proposals from"))
    def new_proposals_from(self, family):
        allowed = rematch_allowed_from(family)
        return allowed if allowed and allowed > timezone.localdate() else "–"

    @admin.display(description=_("proposal page"))
    def page(self, family):
        if not family.open_count:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("proposals:coordinator", args=[family.pk]),
            pgettext("a link", "open"),
            reverse("admin:coaches_waitingfamily_shortlist", args=[family.pk]),
            _("shortlist and link"),
        )

    @admin.display(description=_("best coaches now"))
    def ranking(self, family):
        """The ranking a shortlist would take, with each criterion's points and reason."""
        ranked = shortlist_for(family, limit=max(settings.SHORTLIST_SIZE * 3, 10))
        if not ranked:
            return _("No ready coach with a free place.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><ul>{}</ul></td></tr>",
            (
                (
                    entry.name,
                    entry.score,
                    format_html_join(
                        "", "<li>{} / {}: {}</li>", ((r.points, r.maximum, r.text) for r in entry.reasons)
                    ),
                )
                for entry in ranked
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("coach"),
            _("score"),
            _("why"),
            rows,
        )

    @admin.action(description=_("Propose a shortlist"))
    def propose_shortlist(self, request, queryset):
        families = list(queryset.select_related("city").order_by("id"))
        if len(families) > SYNC_SHORTLISTS:
            run = services.batch_run_start(
                city=families[0].city,
                kind=BatchRun.Kind.SHORTLISTS,
                family_ids=[family.pk for family in families],
                actor=request.user,
            )
            return HttpResponseRedirect(reverse("admin:coaches_waitingfamily_batch", args=[run.pk]))
        self.apply_service(
            request,
            families,
            lambda family: services.match_propose_shortlist(family=family, actor=request.user),
            ngettext_lazy(
                "Shortlist proposed to %(count)d family.",
                "Shortlists proposed to %(count)d families.",
                "count",
            ),
        )
        return None

    @admin.action(description=_("Create a one-time link for the family"))
    def create_link(self, request, queryset):
        """For one family, its shortlist page with the new link to copy, print or send; for several, a
        message with each link (each shown only now)."""
        if len(queryset) == 1:
            return shortlist.issue_link(self, request, queryset[0])
        for family in queryset:
            try:
                _link, token = services.proposal_link_create(family=family, actor=request.user)
            except services.CoachError as error:
                self.message_user(request, f"{family}: {error}", messages.WARNING)
                continue
            url = request.build_absolute_uri(reverse("proposals:by_link", args=[token]))
            self.message_user(
                request,
                format_html(
                    '{}: <a class="proposal-link" href="{}">{}</a> ({})',
                    family,
                    url,
                    url,
                    _("shown only now: give it to the family; it works for one choice"),
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Suggest a balanced assignment (to review)"))
    def suggest_balance(self, request, queryset):

        families = list(queryset.select_related("city").order_by("id"))
        if not families:
            return None
        city = families[0].city  # a coordinator's queryset holds one city only
        waiting = waiting_families(city.pk).filter(pk__in=[family.pk for family in families])
        try:
            run = services.batch_run_start(
                city=city,
                kind=BatchRun.Kind.BALANCE,
                family_ids=list(waiting.values_list("pk", flat=True)),
                actor=request.user,
            )
        except services.CoachError as error:
            self.message_user(request, str(error), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:coaches_waitingfamily_batch", args=[run.pk]))
