"""Supporters: people and groups who claim challenges, and the badges they earn."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District, Language, TimeStamped, VisibleQuerySet

from .badges import BADGES
from .categories import Category


def validate_categories(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(Category.values):
        raise ValidationError(_("Choose categories from the list."))


class SupporterQuerySet(VisibleQuerySet):
    """Coordinators see their city's supporters; anyone their own profile."""

    def visible_to_roles(self, user) -> Q:
        return Q(user=user)

    def cleared(self) -> "SupporterQuerySet":
        """Those who may take part: approved, or in a city that does not ask for approval."""
        return self.exclude(city__supporters_need_approval=True, approved_at__isnull=True)


class OwnSupporterQuerySet(VisibleQuerySet):
    """A supporter's own records (badges, answers to offers): the supporter and their coordinators."""

    city_path = "supporter__city"

    def visible_to_roles(self, user) -> Q:
        return Q(supporter__user=user)


class MembershipQuerySet(VisibleQuerySet):
    """A group's memberships: the group's contact person, the member, and their coordinators."""

    city_path = "group__city"

    def visible_to_roles(self, user) -> Q:
        return Q(group__user=user) | Q(member__user=user)


class OwnUserQuerySet(VisibleQuerySet):
    """A person's notifications and preferences: that person and the coordinators of their city."""

    city_path = "user__city"

    def visible_to_roles(self, user) -> Q:
        return Q(user=user)


class Supporter(TimeStamped):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        GROUP = "group", _("group (team, club, class)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supporter",
        verbose_name=_("account (the contact person of a group)"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="supporters", verbose_name=_("city")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    display_name = models.CharField(_("name shown to others"), max_length=100)
    categories = models.JSONField(
        _("what I can do"), default=list, blank=True, validators=[validate_categories]
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="supporters", verbose_name=_("districts")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="supporters", verbose_name=_("languages")
    )
    available_weekdays = models.BooleanField(_("available on weekdays"), default=False)
    available_evenings = models.BooleanField(_("available in the evening"), default=False)
    available_weekends = models.BooleanField(_("available at weekends"), default=False)
    has_car = models.BooleanField(_("has a car"), default=False)
    phone = models.CharField(
        _("mobile phone for text messages"), max_length=40, blank=True, help_text=_("Only if you want texts.")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    wants_digest = models.BooleanField(_("wants a digest"), default=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def waits_for_approval(self) -> bool:
        """The city asks a coordinator to approve new supporters, and nobody has approved this one yet."""
        return self.approved_at is None and self.city.supporters_need_approval


class GroupMembership(TimeStamped):
    group = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": "group"},
        verbose_name=_("group"),
    )
    member = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        limit_choices_to={"kind": "person"},
        verbose_name=_("member"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="supporters_membership_unique"),
            models.CheckConstraint(
                condition=~Q(group=models.F("member")), name="supporters_membership_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.group}"


class InvitationQuerySet(VisibleQuerySet):
    """A group's invitations: the group's contact person, the invited supporter, and their coordinators."""

    city_path = "group__city"

    def visible_to_roles(self, user) -> Q:
        return Q(group__user=user) | Q(member__user=user)

    def open(self, *, now=None) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class GroupInvitation(TimeStamped):
    """A group asks a supporter of its city to join; the membership exists only once they accept.

    Only an address of a supporter of the group's city ever gets a row: an unknown address leaves no trace."""

    group = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="invitations",
        limit_choices_to={"kind": "group"},
        verbose_name=_("group"),
    )
    member = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="group_invitations",
        limit_choices_to={"kind": "person"},
        verbose_name=_("invited supporter"),
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(group=models.F("member")), name="supporters_invitation_not_self"
            ),
        ]
        indexes = [
            # "my open invitations" on the invited supporter's profile
            models.Index(fields=["member", "accepted_at"], name="invitation_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} to {self.group}"


class Badge(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The name in the reader's language; a badge the code does not know keeps its stored name."""
        return BADGES[self.code][0] if self.code in BADGES else self.name

    @property
    def blurb(self) -> str:
        return BADGES[self.code][1] if self.code in BADGES else self.description


class AwardedBadge(TimeStamped):
    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="badges", verbose_name=_("supporter")
    )
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards", verbose_name=_("badge"))

    objects = OwnSupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("awarded badge")
        verbose_name_plural = _("awarded badges")
        constraints = [
            models.UniqueConstraint(fields=["supporter", "badge"], name="supporters_badge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.badge} – {self.supporter}"


class NotificationKind(models.TextChoices):
    MATCH = "match", _("a new challenge that fits me")
    WIDENED = "widened", _("a challenge nobody has taken yet")
    DIGEST = "digest", _("the daily digest")
    INVITATION = "invitation", _("an invitation to join a group")
    ALERT = "alert", _("a challenge unclaimed for three days (coordinators)")
    NO_CONTACT = "no_contact", _("no contact with my family for 30 days (coaches)")
    SCREENING_LAPSE = "screening_lapse", _("a screening about to lapse (coaches and coordinators)")
    MATCH_DIGEST = "match_digest", _("the weekly digest of matches that need attention (coordinators)")
    CONFIRMED = "confirmed", _("a challenge of mine confirmed, with my points")
    HANDOVER = "handover", _("a message about a hand-over")
    TAKEN = "taken", _("a challenge of my family taken or delivered (coaches)")


class Notification(models.Model):
    """One message to one person, shown in the app and sent by the channels they chose.

    Unique per (user, key): a job that runs twice finds its notification made and sends nothing more.
    """

    Kind = NotificationKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("to")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=80, help_text=_("What it is about, once per person."))
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("challenge"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # claimed by a conditional update just before the e-mail goes out, so a retried job never sends twice
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = OwnUserQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="supporters_notification_once"),
        ]
        indexes = [
            # the 48 h and 72 h jobs: "has this challenge been widened / alerted already?"
            models.Index(fields=["challenge", "kind"], name="notification_challenge_idx"),
            # my in-app notifications, newest first
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Which channels a person wants for one kind; no row means in-app and e-mail, no texts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by text message"), default=False)

    objects = OwnUserQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="supporters_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()}"


class PhoneVerification(TimeStamped):
    """A person's mobile number for text messages, and whether they proved it is theirs with a code.

    Texts go only to a verified number; a new number starts unverified. The code is kept as an HMAC."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone_verification",
        verbose_name=_("person"),
    )
    number = models.CharField(_("mobile number (international format)"), max_length=20)
    code_hash = models.CharField(_("code (HMAC)"), max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(_("code sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = OwnUserQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobile number")
        verbose_name_plural = _("mobile numbers")

    def __str__(self) -> str:
        return f"{self.user} ({self.number})"
