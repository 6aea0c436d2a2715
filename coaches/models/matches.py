"""Matches between coaches and families, their contacts, proposals, reminders and matching batches."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from families.models import Family, FamilyPartQuerySet, coach_sees
from genk_village.models import City, TimeStamped, VisibleQuerySet

from .coaches import Coach


class MatchQuerySet(VisibleQuerySet):
    """A coach sees their own matches in every state (a proposal, a choice to answer, the active one),
    never another coach's match with the same family, which would name that coach."""

    city_path = "family__city"

    def visible_to_roles(self, user) -> Q:
        return Q(coach__user=user) if user.is_coach else Q(pk__in=[])


class ContactLogQuerySet(VisibleQuerySet):
    """The contacts of the coach's active match with their family; not those of an earlier coach."""

    city_path = "match__family__city"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, "match__family") & Q(match__coach__user=user)


class CoordinatorOnlyQuerySet(VisibleQuerySet):
    """Back-office records (one-time links, reminders, batches): coordinators of the city only."""


class Match(TimeStamped):
    """A coach and a family: proposed on a shortlist, chosen by the family, active, then closed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHOSEN = "chosen", _("chosen by the family")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")
        NOT_CHOSEN = "not_chosen", _("not chosen")
        CLOSED = "closed", _("closed")

    class ClosureReason(models.TextChoices):
        PLANNED_END = "planned_end", _("planned end")
        FAMILY_MOVED = "family_moved", _("family moved")
        FAMILY_STOPPED = "family_stopped", _("family stopped")
        COACH_STOPPED = "coach_stopped", _("coach stopped")
        MISMATCH = "mismatch", _("mismatch")
        OTHER = "other", _("other")

    class ClosureKind(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNPLANNED = "unplanned", _("unplanned")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="matches", verbose_name=_("family")
    )
    coach = models.ForeignKey(
        Coach, on_delete=models.PROTECT, related_name="matches", verbose_name=_("coach")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    rank = models.PositiveSmallIntegerField(_("place on the shortlist"), null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choice recorded by"),
    )
    chosen_at = models.DateTimeField(_("chosen at"), null=True, blank=True)
    # Set by the one conditional update that claims the "a family chose you" e-mail: sent once per match.
    coach_notified_at = models.DateTimeField(_("coach told of the choice at"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    exit_note = models.TextField(_("exit note"), blank=True)
    closure_kind = models.CharField(_("closure"), max_length=20, choices=ClosureKind.choices, blank=True)
    closure_conversation_on = models.DateField(_("closure conversation on"), null=True, blank=True)
    goodbye_on = models.DateField(_("goodbye with the family on"), null=True, blank=True)
    rematch_wanted = models.BooleanField(_("the family wants a new shortlist"), default=False)
    # Set by the conditional update that claims the re-match offer: one new shortlist per closed match.
    rematch_proposed_at = models.DateTimeField(_("new shortlist proposed at"), null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="active"),
                name="coaches_match_one_active_per_family",
            ),
            models.UniqueConstraint(
                fields=["family", "coach"],
                condition=Q(status__in=["proposed", "chosen"]),
                name="coaches_match_one_open_proposal_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(started_on__isnull=False),
                name="coaches_match_active_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(ended_on__isnull=False) & ~Q(closure_reason="")),
                name="coaches_match_closed_has_reason",
            ),
        ]
        indexes = [
            # "my family": the coach's active match, looked up on every coach page
            models.Index(fields=["coach", "status"], name="match_coach_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} – {self.family}"


class ContactLog(TimeStamped):
    """A contact between coach and family; the note is the writing coach's own."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("home visit")
        MEETING = "meeting", _("meeting elsewhere")
        PHONE = "phone", _("phone call")
        MESSAGE = "message", _("message")
        ACTIVITY = "activity", _("activity together")
        CHECK_IN = "check_in", _("check-in with the coordinator")
        COORDINATOR_COACH = "coordinator_coach", _("coordinator's check-in with the coach")
        COORDINATOR_FAMILY = "coordinator_family", _("coordinator's check-in with the family")

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("match")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        ordering = ["-happened_on", "-id"]
        indexes = [
            # match health: the last contact per match, and the 30-day reminder job
            models.Index(fields=["match", "-happened_on"], name="contact_match_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"


# A coordinator records these about a match; a coach never logs them, and they meet no support moment.
COORDINATOR_KINDS = (ContactLog.Kind.COORDINATOR_COACH, ContactLog.Kind.COORDINATOR_FAMILY)
COACH_KINDS = tuple(kind for kind in ContactLog.Kind if kind not in COORDINATOR_KINDS)


class MatchingWishes(TimeStamped):
    """What matching needs to know of a family beyond its file: the child's interests and when it can meet."""

    family = models.OneToOneField(
        Family, on_delete=models.CASCADE, related_name="matching_wishes", verbose_name=_("family")
    )
    child_interests = models.CharField(
        _("the child's interests"),
        max_length=250,
        blank=True,
        help_text=_("Separated by commas, e.g. football, drawing, animals."),
    )
    available_weekdays = models.BooleanField(_("can meet on weekdays"), default=False)
    available_evenings = models.BooleanField(_("can meet in the evening"), default=False)
    available_weekends = models.BooleanField(_("can meet at weekends"), default=False)

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching wishes")
        verbose_name_plural = _("matching wishes")

    def __str__(self) -> str:
        return str(self.family)


class WaitingFamily(Family):
    """The coordinator's matching desk: the families of the city, seen from the side of their coach."""

    class Meta:
        proxy = True
        verbose_name = _("family waiting for a coach")
        verbose_name_plural = _("families waiting for a coach")


class ProposalLinkQuerySet(CoordinatorOnlyQuerySet):
    city_path = "family__city"


class ProposalLink(TimeStamped):
    """A one-time link for a family to choose its coach without an account; only a hash of it is kept."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="proposal_links", verbose_name=_("family")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    chosen_match = models.ForeignKey(
        Match,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choice made with it"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ProposalLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-time proposal link")
        verbose_name_plural = _("one-time proposal links")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(chosen_match__isnull=False),
                name="coaches_proposallink_used_has_choice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} ({self.expires_at:%Y-%m-%d})"


class Reminder(TimeStamped):
    """One row per reminder sent; the unique key is what makes every reminder job safe to run twice."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", _("no contact logged for 30 days")
        SUPPORT_MOMENT = "support_moment", _("a contact moment due soon")
        SCREENING_LAPSE = "screening_lapse", _("screening about to lapse")
        DIGEST = "digest", _("coordinator's weekly digest")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=120)
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent to"),
    )
    match = models.ForeignKey(
        Match,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("match"),
    )
    coach = models.ForeignKey(
        Coach,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("coach"),
    )

    objects = CoordinatorOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="coaches_reminder_unique_key"),
        ]
        indexes = [
            # the weekly digest: the reminders of one city over the last week
            models.Index(fields=["city", "kind", "created_at"], name="reminder_city_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"


class BatchRun(TimeStamped):
    """A coordinator's batch: shortlists for many families, or a balanced assignment to review and apply."""

    class Kind(models.TextChoices):
        SHORTLISTS = "shortlists", _("shortlists for many families")
        BALANCE = "balance", _("balanced assignment suggestion")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        APPLIED = "applied", pgettext_lazy("a batch of proposals", "applied")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    family_ids = models.JSONField(_("families"), default=list)
    done = models.PositiveIntegerField(_("families done"), default=0)
    total = models.PositiveIntegerField(_("families in all"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = CoordinatorOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching batch")
        verbose_name_plural = _("matching batches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="coaches_batchrun_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class HealthCheckInQuerySet(VisibleQuerySet):
    """A coach sees the check-ins of their own active match with their family."""

    city_path = "match__family__city"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, "match__family") & Q(match__coach__user=user)


class HealthCheckIn(TimeStamped):
    """Every three months, five statements on the relationship, answered 1 to 5 by the coach or by the
    family (through the coach or the coordinator); the score is their sum, 5 to 25."""

    class Respondent(models.TextChoices):
        COACH = "coach", _("the coach")
        FAMILY = "family", _("the family")

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="health_check_ins", verbose_name=_("match")
    )
    respondent = models.CharField(_("answered by"), max_length=10, choices=Respondent.choices)
    answered_on = models.DateField(_("date"))
    language = models.CharField(_("language of the statements"), max_length=8)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    answers = models.JSONField(_("answers"), default=list)
    score = models.PositiveSmallIntegerField(_("score (5 to 25)"))

    objects = HealthCheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("match health check-in")
        verbose_name_plural = _("match health check-ins")
        ordering = ["-answered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=5) & Q(score__lte=25), name="coaches_healthcheckin_score_range"
            ),
        ]
        indexes = [
            # the latest check-ins per match and respondent: the work list, the coach home, the calendar
            models.Index(fields=["match", "respondent", "-answered_on"], name="health_match_resp_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()} {self.answered_on}: {self.score}"
