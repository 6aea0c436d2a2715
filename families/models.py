"""Families, their children and guardians, consent, deprivation checks, plans and what they give back."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from genk_village.models import City, District, Language, TimeStamped, VisibleQuerySet


def coach_sees(user, family_path: str = "") -> Q:
    """The coach rule, written once: a coach sees the family of their active match(es), and what belongs
    to it. `family_path` leads from a model to its family ("" for Family itself, "family", "match__family").

    A subquery, not a join: the result needs no DISTINCT and leaves annotations over matches uncounted twice.
    """
    if not user.is_coach:
        return Q(pk__in=[])
    families = Family.objects.filter(matches__coach__user=user, matches__status="active").values("pk")
    return Q(**{f"{family_path}__in" if family_path else "pk__in": families})


class FamilyQuerySet(VisibleQuerySet):
    """Coordinators see their city's families, a coach only the family matched to them."""

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user)

    def referred_by(self, user) -> "FamilyQuerySet":
        """A referrer sees only the families they referred (and, by the views, only their status)."""
        if not user.is_authenticated or not user.is_referrer:
            return self.none()
        return self.filter(referred_by=user)


class Family(TimeStamped):
    class Status(models.TextChoices):
        REFERRED = "referred", _("referred")
        INTAKE = "intake", _("intake")
        MATCHING = "matching", _("matching")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", pgettext_lazy("a family", "closed")

    class Source(models.TextChoices):
        SCHOOL = "school", _("school")
        OCMW = "ocmw", _("OCMW")
        HUIS_VAN_HET_KIND = "huis_van_het_kind", _("Huis van het Kind")
        SUMMER_SCHOOL = "summer_school", _("summer school")
        OTHER = "other", _("other")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="families", verbose_name=_("city"))
    reference = models.CharField(
        _("reference"),
        max_length=20,
        help_text=_("Pseudonymous code; the only name used outside the file."),
    )
    family_name = models.CharField(_("family name"), max_length=150)
    address = models.CharField(_("address"), max_length=250, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="families", verbose_name=_("district")
    )
    household_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="families",
        verbose_name=_("household languages"),
        help_text=_("Only with recorded consent for matching by language."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REFERRED)
    referral_source = models.CharField(_("referral source"), max_length=30, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_families",
        verbose_name=_("referred by"),
    )
    referral_note = models.TextField(_("referral note"), blank=True)
    referrer_label = models.CharField(
        _("referrer's own note"),
        max_length=60,
        blank=True,
        help_text=_("How the referrer recognises the family on their list; shown to them and coordinators."),
    )
    plan_summary = models.TextField(
        _("family plan"),
        blank=True,
        help_text=_("One family, one plan: what the family wants to work on."),
    )
    intake_on = models.DateField(_("intake date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["city", "reference"], name="families_family_unique_reference"),
            models.CheckConstraint(
                condition=Q(status__in=["referred", "intake", "matching", "matched", "closed"]),
                name="families_family_valid_status",
            ),
        ]
        indexes = [
            # the coordinator's work lists and the indicators: families of a city by status
            models.Index(fields=["city", "status"], name="family_city_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def names(self) -> list[str]:
        """Every name in the file (family, children, guardians): what supporter-visible text must not hold."""
        guardians = self.guardians.values_list("first_name", "last_name")
        return [
            self.family_name,
            *self.children.values_list("first_name", flat=True),
            *(name for pair in guardians for name in pair),
        ]


class FamilyPartQuerySet(VisibleQuerySet):
    """What belongs to a family's file: the family's coordinators and its coach see it."""

    city_path = "family__city"
    family_path = "family"

    def visible_to_roles(self, user) -> Q:
        return coach_sees(user, self.family_path)


class DeprivationCheckQuerySet(FamilyPartQuerySet):
    city_path = "child__family__city"
    family_path = "child__family"


class OfferQuerySet(FamilyPartQuerySet):
    def visible_to_roles(self, user) -> Q:
        """Supporters of the city see open offers too (the pages show them what and where, never who)."""
        visible = super().visible_to_roles(user)
        if user.is_supporter and user.city_id:
            visible |= Q(family__city_id=user.city_id, status="open")
        return visible


class ConsentRecord(TimeStamped):
    class Purpose(models.TextChoices):
        PROGRAMME = "programme", _("taking part in the programme")
        DATA = "data", _("processing the family file")
        LANGUAGE = "language", _("using household languages for matching")
        SHARE_WITH_COACH = "share_with_coach", _("sharing the file with the chosen coach")
        PHOTO = "photo", _("photos")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="consents", verbose_name=_("family")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["family", "purpose", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="families_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"


class Child(TimeStamped):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("family")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    school = models.CharField(_("school"), max_length=150, blank=True)

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["family", "birth_date"]

    def __str__(self) -> str:
        # Two children of the city may share a first name; the reference tells a coordinator's picker which.
        return f"{self.first_name} ({self.family.reference})"


class Guardian(TimeStamped):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        OTHER = "other", _("other guardian")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("family")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["family", "last_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


DEPRIVATION_ITEMS = [
    ("three_meals", _("three meals a day")),
    ("protein_meal", _("one meal a day with meat, chicken, fish or a vegetarian equivalent")),
    ("fruit_vegetables", _("fresh fruit and vegetables daily")),
    ("books", _("age-appropriate books")),
    ("outdoor_equipment", _("outdoor leisure equipment (bike, roller skates)")),
    ("leisure_activity", _("a regular leisure activity (swimming, music, youth movement)")),
    ("indoor_games", _("indoor games")),
    ("school_trips", _("money for school trips")),
    ("homework_place", _("a quiet place with room and light for homework")),
    ("internet", _("an internet connection")),
    ("new_clothes", _("some new clothes")),
    ("two_pairs_shoes", _("two pairs of properly fitting shoes")),
    ("friends_over", _("friends over to play and eat now and then")),
    ("celebrations", _("celebrating special occasions (birthdays, feasts)")),
]
ITEM_LABELS = dict(DEPRIVATION_ITEMS)
DEPRIVED_AT = 2  # a child lacking two or more items counts as deprived (European child deprivation index)


def _missing_items_expression():
    has = sum(
        (Cast(models.F(f"has_{code}"), models.IntegerField()) for code, _label in DEPRIVATION_ITEMS),
        start=models.Value(0),
    )
    return models.Value(len(DEPRIVATION_ITEMS)) - has


class DeprivationCheck(TimeStamped):
    """The 14 items of the European child deprivation index for one child on one date (True = has it)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="deprivation_checks", verbose_name=_("child")
    )
    checked_on = models.DateField(_("checked on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    has_three_meals = models.BooleanField(ITEM_LABELS["three_meals"], default=True)
    has_protein_meal = models.BooleanField(ITEM_LABELS["protein_meal"], default=True)
    has_fruit_vegetables = models.BooleanField(ITEM_LABELS["fruit_vegetables"], default=True)
    has_books = models.BooleanField(ITEM_LABELS["books"], default=True)
    has_outdoor_equipment = models.BooleanField(ITEM_LABELS["outdoor_equipment"], default=True)
    has_leisure_activity = models.BooleanField(ITEM_LABELS["leisure_activity"], default=True)
    has_indoor_games = models.BooleanField(ITEM_LABELS["indoor_games"], default=True)
    has_school_trips = models.BooleanField(ITEM_LABELS["school_trips"], default=True)
    has_homework_place = models.BooleanField(ITEM_LABELS["homework_place"], default=True)
    has_internet = models.BooleanField(ITEM_LABELS["internet"], default=True)
    has_new_clothes = models.BooleanField(ITEM_LABELS["new_clothes"], default=True)
    has_two_pairs_shoes = models.BooleanField(ITEM_LABELS["two_pairs_shoes"], default=True)
    has_friends_over = models.BooleanField(ITEM_LABELS["friends_over"], default=True)
    has_celebrations = models.BooleanField(ITEM_LABELS["celebrations"], default=True)
    # Derived by the database, so that the monitoring can count deprived children in one query.
    missing_count = models.GeneratedField(
        expression=_missing_items_expression(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("items missing"),
    )

    objects = DeprivationCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("deprivation check")
        verbose_name_plural = _("deprivation checks")
        ordering = ["child", "-checked_on"]
        get_latest_by = "checked_on"

    def __str__(self) -> str:
        return f"{self.checked_on}: {self.missing_count} / {len(DEPRIVATION_ITEMS)}"

    @property
    def is_deprived(self) -> bool:
        return self.missing_count >= DEPRIVED_AT


KIND_EN_GEZIN_CRITERIA = [
    ("low_income", _("low income")),
    ("low_education", _("low parental education")),
    ("weak_labour", _("weak labour situation of the parents")),
    ("delayed_development", _("delayed development of the children")),
    ("poor_housing", _("poor housing")),
    ("poor_health", _("poor health")),
]
CRITERION_LABELS = dict(KIND_EN_GEZIN_CRITERIA)
IN_DEPRIVATION_AT = 3  # Kind en Gezin counts a family in deprivation from three criteria on


def _criteria_met_expression():
    return sum(
        (Cast(models.F(code), models.IntegerField()) for code, _label in KIND_EN_GEZIN_CRITERIA),
        start=models.Value(0),
    )


class KindEnGezinAssessment(TimeStamped):
    """Kind en Gezin's six criteria for a family on one date (True = the family scores on it)."""

    family = models.ForeignKey(
        Family,
        on_delete=models.CASCADE,
        related_name="kind_en_gezin_assessments",
        verbose_name=_("family"),
    )
    assessed_on = models.DateField(_("assessed on"))
    low_income = models.BooleanField(CRITERION_LABELS["low_income"], default=False)
    low_education = models.BooleanField(CRITERION_LABELS["low_education"], default=False)
    weak_labour = models.BooleanField(CRITERION_LABELS["weak_labour"], default=False)
    delayed_development = models.BooleanField(CRITERION_LABELS["delayed_development"], default=False)
    poor_housing = models.BooleanField(CRITERION_LABELS["poor_housing"], default=False)
    poor_health = models.BooleanField(CRITERION_LABELS["poor_health"], default=False)
    criteria_met = models.GeneratedField(
        expression=_criteria_met_expression(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("criteria met"),
    )

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kind en Gezin assessment")
        verbose_name_plural = _("Kind en Gezin assessments")
        ordering = ["family", "-assessed_on"]

    def __str__(self) -> str:
        return f"{self.assessed_on}: {self.criteria_met} / {len(KIND_EN_GEZIN_CRITERIA)}"

    @property
    def in_deprivation(self) -> bool:
        return self.criteria_met >= IN_DEPRIVATION_AT


class LifeDomain(models.TextChoices):
    LEISURE = "leisure", _("leisure")
    SCHOOL = "school", _("school")
    HEALTH = "health", _("health")
    HOUSING = "housing", _("housing")
    INCOME_RIGHTS = "income_rights", _("income and rights")
    SOCIAL_NETWORK = "social_network", _("social network")


class Goal(TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        REACHED = "reached", _("reached")
        DROPPED = "dropped", _("dropped")

    """A goal of the family plan ("one family, one plan"), in one life domain, with its next step."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="goals", verbose_name=_("family")
    )
    domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    description = models.CharField(_("goal"), max_length=250)
    next_step = models.CharField(_("next step"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    objects = FamilyPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["family", "domain", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="reached") | Q(reached_on__isnull=False),
                name="families_goal_reached_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ExchangeMode(models.TextChoices):
    GIFT = "gift", _("gift")
    LOAN = "loan", _("loan")
    SWAP = "swap", _("swap")
    SALE = "sale", _("symbolic sale")


class Offer(TimeStamped):
    """Something a family gives back: a gift, a loan, a swap or a symbolic sale (reciprocity)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN = "taken", _("taken")
        WITHDRAWN = "withdrawn", _("withdrawn")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="offers", verbose_name=_("family")
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    exchange_mode = models.CharField(_("exchange mode"), max_length=10, choices=ExchangeMode.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
