"""Precomputed indicator values, so dashboards read counts instead of computing them."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District, VisibleQuerySet

from .permissions import can_see_dashboard


class IndicatorSnapshotQuerySet(VisibleQuerySet):
    def visible_to(self, user) -> "IndicatorSnapshotQuerySet":
        """Aggregates only: the dashboard's roles see their own city's snapshots, and those of their
        region's cities, superusers included (a superuser without a city has none to see)."""
        if not can_see_dashboard(user):
            return self.none()
        region = Q(city__region_id=user.region_id) if user.region_id else Q()
        return self.filter(self.in_city(user.city_id) | region)


class IndicatorSnapshot(models.Model):
    """One indicator's value for a city (or one district of it) on one day; upserted, never duplicated."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("city"))
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name=_("district (empty: whole city)"),
    )
    code = models.CharField(_("indicator"), max_length=60)
    day = models.DateField(_("day"))
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.IntegerField(_("numerator"), null=True, blank=True)
    denominator = models.IntegerField(_("denominator"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = IndicatorSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["-day", "code"]
        constraints = [
            # Two partial constraints because NULL districts are distinct in a plain unique index.
            models.UniqueConstraint(
                fields=["city", "code", "day"],
                condition=Q(district__isnull=True),
                name="monitoring_snapshot_unique_city_day",
            ),
            models.UniqueConstraint(
                fields=["city", "district", "code", "day"],
                condition=Q(district__isnull=False),
                name="monitoring_snapshot_unique_district_day",
            ),
        ]
        indexes = [
            # trend charts: one indicator of one city over a period
            models.Index(fields=["city", "code", "day"], name="snapshot_trend_idx"),
            # the dashboard, exports and API: every indicator of a city on its latest (or a given) day
            models.Index(fields=["city", "day"], name="snapshot_city_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.day}"


class ReleasePlan(models.Model):
    """What the release of a city's snapshot day hides (see monitoring.releases): planned once by the job
    that takes the snapshot, read by every page, export and API call of that release."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="release_plans", verbose_name=_("city")
    )
    day = models.DateField(_("last day of the release"))
    days = models.JSONField(_("days of the release"), default=list)  # ISO dates
    basis = models.DateTimeField(_("figures computed at"), null=True)  # the latest snapshot row's
    hidden = models.JSONField(_("hidden cells"), default=list)  # [ISO day, district id or null, code]
    threshold = models.PositiveSmallIntegerField(_("disclosure threshold"), default=0)
    made_at = models.DateTimeField(_("planned at"), auto_now=True)

    class Meta:
        verbose_name = _("release plan")
        verbose_name_plural = _("release plans")
        constraints = [
            models.UniqueConstraint(fields=["city", "day"], name="monitoring_releaseplan_unique_city_day")
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.day}"
