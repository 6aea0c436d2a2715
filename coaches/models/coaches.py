"""Coaches: their screening and training, and their questions to the think tank."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District, Language, TimeStamped, VisibleQuerySet

# The languages besides the default (Dutch) in which a coach may write the introduction families read.
TRANSLATED_INTRODUCTIONS = ("en", "fr", "tr", "ar")
EXTRACT_VALID_DAYS = 31  # a criminal-record extract (model 596.2) may be at most a month old at approval


class CoachQuerySet(VisibleQuerySet):
    """Coordinators see their city's coaches; anyone their own coach profile."""

    def visible_to_roles(self, user) -> Q:
        return Q(user=user)


class TrainingSessionQuerySet(VisibleQuerySet):
    def visible_to_roles(self, user) -> Q:
        """A coach sees the training sessions of their city."""
        return Q(city_id=user.city_id) if user.is_coach and user.city_id else Q(pk__in=[])


class OwnCoachQuerySet(VisibleQuerySet):
    """A coach's own records (attendance, questions to the think tank): the coach and their coordinators."""

    city_path = "coach__city"

    def visible_to_roles(self, user) -> Q:
        return Q(coach__user=user)


class Coach(TimeStamped):
    class Screening(models.TextChoices):
        APPLIED = "applied", _("applied")
        SCREENING = "screening", _("in screening")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coach",
        verbose_name=_("account"),
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="coaches", verbose_name=_("city"))
    display_name = models.CharField(_("name shown to families"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    photo = models.ImageField(_("photo"), upload_to="coaches/", blank=True)
    introduction = models.TextField(_("short introduction"), blank=True)
    introduction_en = models.TextField(_("short introduction in English"), blank=True)
    introduction_fr = models.TextField(_("short introduction in French"), blank=True)
    introduction_tr = models.TextField(_("short introduction in Turkish"), blank=True)
    introduction_ar = models.TextField(_("short introduction in Arabic"), blank=True)
    interests = models.CharField(_("interests"), max_length=250, blank=True)
    partner_organisation = models.CharField(
        _("partner organisation"),
        max_length=150,
        blank=True,
        help_text=_("When seconded by a partner."),
    )
    languages = models.ManyToManyField(Language, related_name="coaches", verbose_name=_("languages"))
    districts = models.ManyToManyField(
        District, blank=True, related_name="coaches", verbose_name=_("districts")
    )
    home_district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lives in district"),
        help_text=_("For the distance to a family's district when matching."),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    available_weekdays = models.BooleanField(_("available on weekdays"), default=False)
    available_evenings = models.BooleanField(_("available in the evening"), default=False)
    available_weekends = models.BooleanField(_("available at weekends"), default=False)
    capacity = models.PositiveSmallIntegerField(_("capacity (families)"), default=1)
    # Kept by the match services with a conditional update, so that a database constraint can hold the
    # capacity rule even under concurrent matching.
    active_matches = models.PositiveSmallIntegerField(_("active matches"), default=0, editable=False)
    screening_status = models.CharField(
        _("screening"), max_length=20, choices=Screening.choices, default=Screening.APPLIED
    )
    interview_on = models.DateField(_("intake interview on"), null=True, blank=True)
    criminal_record_extract_on = models.DateField(
        _("criminal-record extract (model 596.2) dated"), null=True, blank=True
    )
    references_checked = models.BooleanField(_("references checked"), default=False)
    screened_on = models.DateField(_("screening decided on"), null=True, blank=True)

    objects = CoachQuerySet.as_manager()

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="coaches_coach_capacity_positive"),
            models.CheckConstraint(
                condition=Q(active_matches__lte=F("capacity")),
                name="coaches_coach_active_within_capacity",
            ),
            models.CheckConstraint(
                condition=~Q(screening_status="approved")
                | Q(
                    interview_on__isnull=False,
                    criminal_record_extract_on__isnull=False,
                    screened_on__isnull=False,
                ),
                name="coaches_coach_approved_is_screened",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def introduction_in(self, language: str) -> str:
        """The introduction a family reads in `language` ("tr", "ar-ma"...), else the default one."""
        code = (language or "").split("-")[0].lower()
        if code in TRANSLATED_INTRODUCTIONS:
            return getattr(self, f"introduction_{code}") or self.introduction
        return self.introduction

    def extract_valid_on(self, day: datetime.date) -> bool:
        extract = self.criminal_record_extract_on
        return extract is not None and 0 <= (day - extract).days <= EXTRACT_VALID_DAYS


class TrainingSession(TimeStamped):
    class Kind(models.TextChoices):
        BASIC = "basic", _("basic training")
        FOLLOW_UP = "follow_up", _("follow-up training")
        COACH_THE_COACH = "coach_the_coach", _("coach-the-coach")

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("city")
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BASIC)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=150, blank=True)
    required = models.BooleanField(_("required for new coaches"), default=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class Attendance(TimeStamped):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    coach = models.ForeignKey(
        Coach, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("coach")
    )
    attended = models.BooleanField(_("attended"), default=True)

    objects = OwnCoachQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "coach"], name="coaches_attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.coach} @ {self.session}"


class SupportRequest(TimeStamped):
    """A coach's question to the think tank, answered by a coordinator or an expert."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")

    coach = models.ForeignKey(
        Coach, on_delete=models.CASCADE, related_name="support_requests", verbose_name=_("coach")
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    objects = OwnCoachQuerySet.as_manager()

    class Meta:
        verbose_name = _("question to the think tank")
        verbose_name_plural = _("questions to the think tank")
        ordering = ["status", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | ~Q(answer=""),
                name="coaches_supportrequest_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:60]
