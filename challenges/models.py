"""Challenges coaches post for their family, their append-only history, the points ledger, and the
supporters' answers to what families offer back."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import ExchangeMode, Family, Offer, coach_sees
from genk_village.models import City, District, TimeStamped, VisibleQuerySet
from supporters.categories import Category
from supporters.models import Supporter

HELD_STATUSES = ("claimed", "delivered", "confirmed")


class ChallengeQuerySet(VisibleQuerySet):
    """Coordinators: their city; coaches: their matched family's; supporters: open ones and their own."""

    def visible_to_roles(self, user) -> Q:
        visible = coach_sees(user, "family")
        for part in self.supporter_parts(user):
            visible |= part
        return visible

    def supporter_parts(self, user) -> list[Q]:
        """What a supporter sees, in parts that each follow one index: their own challenges, and the open
        ones of their city once the city has cleared them. A list may read the parts apart and merge them
        (challenges.api), since PostgreSQL reads an OR across two indexes by sorting every row it matches."""
        if not user.is_supporter:
            return []
        # The supporter's id as a value, not a join or a subquery: the planner then reads their challenges
        # in order from the claimant index. Whether the city has cleared them comes in the same query.
        cleared = Supporter.objects.cleared().filter(pk=OuterRef("pk"))
        row = (
            Supporter.objects.filter(user=user)
            .annotate(cleared=Exists(cleared))
            .values_list("pk", "cleared")
            .first()
        )
        if row is None:
            return []
        supporter_id, is_cleared = row
        # A challenge a coordinator hid is gone for every supporter at once, its claimant included.
        parts = [Q(claimant_id=supporter_id, hidden_at__isnull=True)]
        # The board is for supporters the city has cleared: one still waiting for approval sees none.
        if is_cleared:
            parts.append(Q(city_id=user.city_id, status=Challenge.Status.OPEN, hidden_at__isnull=True))
        return parts


class ChallengeEventQuerySet(VisibleQuerySet):
    """A challenge's history: its city's coordinators and the family's coach."""

    city_path = "challenge__city"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, "challenge__family")


class PledgeQuerySet(VisibleQuerySet):
    """A pledge: its city's coordinators, the family's coach and the supporter who made it."""

    city_path = "challenge__city"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, "challenge__family") | Q(supporter__user=user)


class PointsEntryQuerySet(VisibleQuerySet):
    """The ledger: a supporter's own entries; coordinators those of their city's supporters and families."""

    def in_city(self, city_id: int) -> Q:
        return Q(supporter__city_id=city_id) | Q(family__city_id=city_id)

    def visible_to_roles(self, user) -> Q:
        return Q(supporter__user=user)


class OfferAnswerQuerySet(VisibleQuerySet):
    """Answers to a family's offers: the supporter who wrote one, the family's coach and the coordinators."""

    city_path = "offer__family__city"

    def visible_to_roles(self, user) -> Q:
        return Q(supporter__user=user) | coach_sees(user, "offer__family")


class Challenge(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLAIMED = "claimed", _("claimed")
        DELIVERED = "delivered", _("delivered")
        CONFIRMED = "confirmed", _("confirmed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    Category = Category
    ExchangeMode = ExchangeMode

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("city")
    )
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("family")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("district")
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    title = models.CharField(_("what is needed"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    exchange_mode = models.CharField(
        _("exchange mode"), max_length=10, choices=ExchangeMode.choices, default=ExchangeMode.GIFT
    )
    needed_by = models.DateField(_("needed by"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    claimant = models.ForeignKey(
        Supporter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_challenges",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("expired or cancelled at"), null=True, blank=True)
    target_quantity = models.PositiveIntegerField(
        _("target"),
        null=True,
        blank=True,
        help_text=_(
            "For a sponsor challenge: how many (euros, pairs of shoes…) several supporters fill together."
        ),
    )
    pledged_quantity = models.PositiveIntegerField(_("pledged so far"), default=0)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(
        _("reason for hiding"),
        max_length=500,
        blank=True,
        help_text=_("Seen by the coordinators and the family's coach, never by supporters."),
    )

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["needed_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "claimed", "delivered", "confirmed", "expired", "cancelled"]),
                name="challenges_challenge_valid_status",
            ),
            # a complete sponsor challenge is confirmed from open: its supporters pledged, nobody claimed it
            models.CheckConstraint(
                condition=~Q(status__in=HELD_STATUSES)
                | Q(claimant__isnull=False, claimed_at__isnull=False)
                | Q(status="confirmed", claimant__isnull=True, target_quantity__isnull=False),
                name="challenges_challenge_held_has_claimant",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(claimant__isnull=True),
                name="challenges_challenge_open_unclaimed",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="challenges_challenge_confirmed_has_time",
            ),
            # pledges never overshoot the target; the pledge service's conditional update relies on it too
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True, pledged_quantity=0)
                | Q(target_quantity__gt=0, pledged_quantity__lte=models.F("target_quantity")),
                name="challenges_challenge_pledges_within_target",
            ),
        ]
        indexes = [
            # the supporters' board: open challenges of a city, most urgent first
            models.Index(fields=["city", "status", "needed_by"], name="challenge_board_idx"),
            # the expiry job: open or claimed challenges past their date
            models.Index(fields=["status", "needed_by"], name="challenge_expiry_idx"),
            # the admin's challenge list and a coordinator's API list: a city's challenges, newest first
            models.Index(fields=["city", "-created_at", "-id"], name="challenge_city_recent_idx"),
            # the coach's home (how many open, how many to confirm), and the parts of the coach's list: what
            # waits for the coach (delivered, claimed), then the rest, each newest first
            models.Index(
                fields=["family", "status", "-created_at", "-id"], name="challenge_family_status_idx"
            ),
            models.Index(fields=["family", "-created_at", "-id"], name="challenge_family_recent_idx"),
            # the supporters' board: its order (most urgent, then oldest id) straight from the index, so a
            # page reads its 21 rows, not every open challenge of the first day
            models.Index(
                fields=["city", "needed_by", "id"],
                condition=Q(status="open", hidden_at__isnull=True),
                name="challenge_board_open_idx",
            ),
            # ... filtered to one district: the same order within it (otherwise a BitmapAnd of the district
            # and the open challenges reads ~12,000 rows to keep 21 of one category)
            models.Index(
                fields=["city", "district", "needed_by", "id"],
                condition=Q(status="open", hidden_at__isnull=True),
                name="challenge_board_district_idx",
            ),
            # the API's list for supporters: the open challenges of their city, newest first
            models.Index(
                fields=["city", "-created_at"],
                condition=Q(status="open", hidden_at__isnull=True),
                name="challenge_open_recent_idx",
            ),
            # ... and the ones they claimed, newest first (a busy supporter holds thousands over the years)
            models.Index(fields=["claimant", "-created_at"], name="challenge_claimant_recent_idx"),
            # ... of one status: "?status=open" finds none of theirs at once instead of reading them all
            models.Index(fields=["claimant", "status", "-created_at"], name="challenge_claimant_status_idx"),
            # ... in one district: "?district=" reads the page of theirs there instead of sorting them all
            models.Index(
                fields=["claimant", "district", "-created_at"],
                condition=Q(claimant__isnull=False),
                name="challenge_claimant_place_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChallengeEvent(models.Model):
    """Append-only history of a challenge: one row per state change, never updated."""

    class Kind(models.TextChoices):
        POSTED = "posted", _("posted")
        CLAIMED = "claimed", _("claimed")
        RELEASED = "released", _("released")
        DELIVERED = "delivered", _("delivered")
        CONFIRMED = "confirmed", _("confirmed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="events", verbose_name=_("challenge")
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = ChallengeEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge event")
        verbose_name_plural = _("challenge events")
        ordering = ["challenge", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ChallengeRevision(models.Model):
    """Append-only: what an open challenge said before its coach edited it, one row per edit."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("challenge")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("edited at"), default=timezone.now, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Challenge.Category.choices)
    exchange_mode = models.CharField(
        _("exchange mode"), max_length=10, choices=Challenge.ExchangeMode.choices
    )
    needed_by = models.DateField(_("needed by"))

    objects = ChallengeEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge revision")
        verbose_name_plural = _("challenge revisions")
        ordering = ["challenge", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})"


class Pledge(models.Model):
    """A supporter's share of a sponsor challenge; append-only, each pays its points exactly once."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("challenge")
    )
    supporter = models.ForeignKey(
        Supporter, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("supporter")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["challenge", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="challenges_pledge_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.challenge}"


class PointsEntry(models.Model):
    """The append-only points ledger: one row per award, unique per source event and reason."""

    class Reason(models.TextChoices):
        CHALLENGE_CONFIRMED = "challenge_confirmed", _("challenge completed")
        SPEED_BONUS = "speed_bonus", _("bonus for speed")
        OFFER_GIVEN = "offer_given", _("something given back")
        PLEDGE = "pledge", _("a pledge to a sponsor challenge")

    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("supporter"),
    )
    family = models.ForeignKey(
        Family,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("family"),
    )
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    challenge_event = models.ForeignKey(
        ChallengeEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("challenge event"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("offer"),
    )
    pledge = models.ForeignKey(
        Pledge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("pledge"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge_event", "reason"], name="challenges_ledger_unique_source"
            ),
            models.UniqueConstraint(fields=["offer", "reason"], name="challenges_ledger_unique_offer"),
            models.UniqueConstraint(fields=["pledge", "reason"], name="challenges_ledger_unique_pledge"),
            models.CheckConstraint(
                condition=Q(supporter__isnull=False, family__isnull=True)
                | Q(supporter__isnull=True, family__isnull=False),
                name="challenges_ledger_one_beneficiary",
            ),
            models.CheckConstraint(
                condition=Q(challenge_event__isnull=False, offer__isnull=True, pledge__isnull=True)
                | Q(challenge_event__isnull=True, offer__isnull=False, pledge__isnull=True)
                | Q(challenge_event__isnull=True, offer__isnull=True, pledge__isnull=False),
                name="challenges_ledger_one_source",
            ),
        ]
        indexes = [
            # a supporter's balance and history
            models.Index(fields=["supporter", "-created_at"], name="ledger_supporter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.get_reason_display()}"


class OfferAnswer(models.Model):
    """A supporter answers a family's offer; the coach arranges the rest, so no contact data is shared."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="answers", verbose_name=_("offer")
    )
    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="offer_answers", verbose_name=_("supporter")
    )
    message = models.CharField(_("message to the coach"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = OfferAnswerQuerySet.as_manager()

    class Meta:
        # Moved here from supporters: the table and the constraint keep their names, so no data moves.
        db_table = "supporters_offeranswer"
        verbose_name = _("answer to an offer")
        verbose_name_plural = _("answers to offers")
        ordering = ["offer", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "supporter"], name="supporters_offer_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.offer}"


class ChallengeReportQuerySet(VisibleQuerySet):
    """Reports: the city's coordinators, the family's coach and the supporter who made one."""

    city_path = "challenge__city"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, "challenge__family") | Q(reporter__user=user)

    def open(self) -> "ChallengeReportQuerySet":
        return self.filter(handled_at__isnull=True)


class ChallengeReport(models.Model):
    """A supporter tells the coordinators that a published challenge should not be there."""

    class Reason(models.TextChoices):
        PERSONAL_DETAILS = "personal_details", _("this shows personal details")
        INAPPROPRIATE = "inappropriate", _("inappropriate")
        OTHER = "other", _("other")

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("the challenge was hidden")
        DISMISSED = "dismissed", _("dismissed")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="reports", verbose_name=_("challenge")
    )
    reporter = models.ForeignKey(
        Supporter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    objects = ChallengeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "reporter"],
                condition=Q(handled_at__isnull=True),
                name="challenges_report_one_open_per_supporter",
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True, outcome="")
                | Q(handled_at__isnull=False, outcome__in=["hidden", "dismissed"]),
                name="challenges_report_handled_has_outcome",
            ),
        ]
        indexes = [
            # the moderation queue: open reports, oldest first
            models.Index(
                fields=["created_at"], condition=Q(handled_at__isnull=True), name="challenge_report_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.challenge}"


class ChallengeToModerate(Challenge):
    """The coordinators' moderation queue in the admin: challenges with open reports."""

    class Meta:
        proxy = True
        verbose_name = _("challenge to moderate")
        verbose_name_plural = _("moderation queue")


# The hand-over conversation ---------------------------------------------------------------------------
# A claimant and the family's coach agree a time and place here, so neither gives away an address or
# a phone number. challenges/conversation.py holds the rules; these are only the rows.


class HandoverMessageQuerySet(models.QuerySet):
    def conversation(self, challenge: Challenge) -> "HandoverMessageQuerySet":
        """The messages with the challenge's current claimant: one who gave it back reads no more, and
        whoever takes it next starts a conversation of their own."""
        if challenge.claimant_id is None:
            return self.none()
        return self.filter(challenge=challenge, supporter_id=challenge.claimant_id)


class HandoverMessage(models.Model):
    """One message between a challenge's claimant and the family's coach, perhaps proposing a time and
    place; the other side accepts it, and the accepted one is the appointment in both calendars."""

    class Author(models.TextChoices):
        COACH = "coach", _("coach")
        SUPPORTER = "supporter", _("supporter")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="handover_messages", verbose_name=_("challenge")
    )
    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="handover_messages",
        verbose_name=_("conversation with"),
    )
    author = models.CharField(_("written by"), max_length=10, choices=Author.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    body = models.TextField(_("message"), max_length=1000)
    proposed_start = models.DateTimeField(_("proposed time"), null=True, blank=True)
    proposed_place = models.CharField(_("proposed place"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    objects = HandoverMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("hand-over message")
        verbose_name_plural = _("hand-over messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__in=["coach", "supporter"]), name="challenges_handover_valid_author"
            ),
            # a place and an acceptance belong to a proposal, and a proposal always has a time
            models.CheckConstraint(
                condition=Q(proposed_start__isnull=False) | Q(proposed_place="", accepted_at__isnull=True),
                name="challenges_handover_accepted_is_proposal",
            ),
        ]
        indexes = [
            # the conversation of a challenge with its claimant, oldest first
            models.Index(fields=["challenge", "supporter", "created_at"], name="handover_conversation_idx"),
            # the calendar feeds: accepted appointments of a supporter
            models.Index(
                fields=["supporter", "proposed_start"],
                condition=Q(accepted_at__isnull=False),
                name="handover_accepted_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_display()}: {self.body[:40]}"
