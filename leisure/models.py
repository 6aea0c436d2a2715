"""The city's offer of regular leisure activities for children, and which child goes to which.

An activity comes from the UiTdatabank (publiq's database of Flanders' leisure offer) or is entered by a
coordinator (a local partner). A participation is a child's record with one activity: chosen with the
family, started, confirmed as still going, or stopped (and why). The indicators count participations,
not a checkbox.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from families.models import Child, FamilyPartQuerySet, Goal
from genk_village.models import City, District, TimeStamped, VisibleQuerySet

# The languages an activity's name can be written in: the platform's own (see settings.LANGUAGES).
NAME_LANGUAGES = ("nl", "fr", "en", "tr", "ar")
WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class Kind(models.TextChoices):
    SWIMMING = "swimming", _("swimming")
    SPORT = "sport", _("sport")
    MUSIC = "music", _("music")
    YOUTH_MOVEMENT = "youth_movement", _("youth movement")
    ARTS = "arts", _("arts and crafts")
    PLAY = "play", _("play")
    OTHER = "other", _("other")


class CityScopedQuerySet(VisibleQuerySet):
    def visible_to_roles(self, user) -> Q:
        """The offer is public information: every person of a city sees its activities."""
        return Q(city_id=user.city_id) if user.city_id else Q(pk__in=[])


class Catalogue(models.Model):
    """Where a city's offer comes from: its postal codes for the UiTdatabank, and how the last import went."""

    city = models.OneToOneField(
        City, on_delete=models.CASCADE, related_name="catalogue", verbose_name=_("city")
    )
    postal_codes = models.CharField(
        _("postal codes"),
        max_length=200,
        help_text=_("Separated by spaces, e.g. 3600. Only these are sent to the UiTdatabank."),
    )
    refreshed_at = models.DateTimeField(_("last refreshed at"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True, editable=False)

    objects = CityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity catalogue")
        verbose_name_plural = _("activity catalogues")

    def __str__(self) -> str:
        return str(self.city)

    def postal_code_list(self) -> list[str]:
        return [code for code in self.postal_codes.replace(",", " ").split() if code.isdigit()]


class Activity(TimeStamped):
    class Source(models.TextChoices):
        UITDATABANK = "uitdatabank", _("UiTdatabank")
        LOCAL = "local", _("local partner")

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="activities", verbose_name=_("city")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.LOCAL)
    external_id = models.CharField(_("id at the source"), max_length=100, blank=True, editable=False)
    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("district"),
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    weekdays = models.CharField(
        _("weekdays"), max_length=7, blank=True, help_text=_("The days of the week it takes place.")
    )
    time = models.CharField(_("time"), max_length=60, blank=True, help_text=_("e.g. 14:00–15:00"))
    season = models.CharField(_("season"), max_length=100, blank=True, help_text=_("e.g. September to June"))
    price = models.DecimalField(
        _("price (euro)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The base price."),
    )
    price_note = models.CharField(_("what the price covers"), max_length=100, blank=True)
    uitpas_reduced_rate = models.BooleanField(
        _("UiTPAS reduced rate exists"),
        default=False,
        help_text=_("Only whether one exists; the rate itself is set by UiTPAS, never here."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    active = models.BooleanField(_("in the offer"), default=True)

    objects = CityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "source", "external_id"],
                condition=~Q(external_id=""),
                name="leisure_activity_unique_source_id",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="leisure_activity_age_range",
            ),
        ]
        indexes = [models.Index(fields=["city", "active", "kind"], name="leisure_activity_offer")]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """Its name in `language` where the source has it, else the Dutch one."""
        if language in NAME_LANGUAGES and language != "nl":
            return getattr(self, f"name_{language}") or self.name
        return self.name

    def fits_age(self, age: int) -> bool:
        return (self.min_age is None or self.min_age <= age) and (self.max_age is None or age <= self.max_age)

    def weekday_labels(self) -> list[str]:
        labels = dict(WEEKDAYS)
        return [str(labels[day]) for day in self.weekdays if day in labels]

    def next_day(self, after: datetime.date) -> datetime.date:
        """The first day after `after` on which it takes place (a week later when it has no weekday)."""
        days = sorted(int(day) for day in self.weekdays if day.isdigit())
        for step in range(1, 8):
            day = after + datetime.timedelta(days=step)
            if not days or day.weekday() in days:
                return day if days else after + datetime.timedelta(days=7)
        return after + datetime.timedelta(days=7)


class ParticipationQuerySet(FamilyPartQuerySet):
    """Part of the child's family file: its coordinators and its coach see it."""

    city_path = "child__family__city"
    family_path = "child__family"


class Participation(TimeStamped):
    """A child and one activity: chosen with the family, started, still going, or stopped and why."""

    class Status(models.TextChoices):
        CHOSEN = "chosen", _("chosen")
        GOING = "going", _("goes regularly")
        STOPPED = "stopped", _("stopped")

    class StopReason(models.TextChoices):
        COST = "cost", _("too expensive")
        TRANSPORT = "transport", _("no way to get there")
        SCHEDULE = "schedule", _("the day or time no longer fits")
        INTEREST = "interest", _("the child lost interest")
        LANGUAGE = "language", _("language or not feeling welcome")
        MOVED = "moved", _("moved")
        SEASON_ENDED = "season_ended", _("the season ended")
        OTHER = "other", _("other")

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="participations", verbose_name=_("child")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="participations", verbose_name=_("activity")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan goal")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHOSEN)
    through_programme = models.BooleanField(
        _("found through the programme"),
        default=True,
        help_text=_("Off for an activity the child already had before the intake."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    confirmed_on = models.DateField(_("last seen still going on"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=20, choices=StopReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "activity"],
                condition=~Q(status="stopped"),
                name="leisure_participation_one_open_per_activity",
            ),
            models.CheckConstraint(
                condition=~Q(status="going") | Q(started_on__isnull=False),
                name="leisure_participation_going_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | (Q(stopped_on__isnull=False) & ~Q(stop_reason="")),
                name="leisure_participation_stopped_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)
