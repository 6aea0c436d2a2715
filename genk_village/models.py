"""What every app shares: cities and their districts, languages, the user and the audit log."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class VisibleQuerySet(models.QuerySet):
    """The one visibility rule every domain queryset derives from: `visible_to(user)`.

    Nobody sees anything signed out or deactivated; a superuser sees everything; a coordinator sees their
    city, reached through `city_path` (e.g. "family__city"); the other roles see what `visible_to_roles`
    grants them (a coach their family, a supporter their own records), nothing unless a model says so.
    """

    city_path: str = "city"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        visible = Q(pk__in=[])
        if user.is_coordinator and user.city_id:
            visible |= self.in_city(user.city_id)
        return self.filter(visible | self.visible_to_roles(user))

    def in_city(self, city_id: int) -> Q:
        """The records of one city; a model reaching its city along two paths overrides this."""
        return Q(**{self.city_path: city_id})

    def visible_to_roles(self, user) -> Q:
        """What a signed-in, active user sees besides their coordinator's city: nothing by default."""
        return Q(pk__in=[])


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class RegionQuerySet(VisibleQuerySet):
    def in_city(self, city_id: int) -> Q:
        return Q(pk__in=City.objects.filter(pk=city_id).values("region_id"))

    def visible_to_roles(self, user) -> Q:
        return Q(pk=user.region_id) if user.region_id else Q(pk__in=[])


class Region(models.Model):
    """Cities whose figures are seen together: a province or an inter-municipal partnership. Only the
    dashboards know it: a viewer of a region sees the figures of each of its cities, nothing else of them."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CityQuerySet(VisibleQuerySet):
    city_path = "pk"

    def visible_to_roles(self, user) -> Q:
        return Q(pk=user.city_id) if user.city_id else Q(pk__in=[])


class City(models.Model):
    """The tenant: every family, coach, supporter, district and challenge belongs to one city."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    supporters_need_approval = models.BooleanField(
        _("new supporters wait for approval"),
        default=False,
        help_text=_("When on, a new supporter sees the board only after a coordinator has approved them."),
    )

    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cities",
        verbose_name=_("region"),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Approximate centres of Genk's districts (WGS84 latitude, longitude), for the distance between a coach's
# district and a family's when matching. The demo seeder creates districts by name; a district without
# coordinates of its own falls back to this table when it is one of Genk's.
GENK_CITY_SLUG = "genk"
GENK_DISTRICT_CENTROIDS: dict[str, tuple[float, float]] = {
    "Centrum": (50.9650, 5.5005),
    "Winterslag": (50.9775, 5.4785),
    "Waterschei": (50.9975, 5.4935),
    "Zwartberg": (51.0105, 5.5255),
    "Bokrijk": (50.9540, 5.4085),
    "Termien": (50.9790, 5.5330),
    "Boxbergheide": (50.9850, 5.5105),
    "Sledderlo": (50.9935, 5.5620),
    "Kolderbos": (50.9585, 5.4860),
    "Hoevenzavel": (50.9905, 5.5160),
    "Langerlo": (50.9555, 5.5380),
    "Gelieren": (50.9880, 5.4840),
    "Bret": (50.9830, 5.4690),
    "Sint-Martinus-Over": (50.9690, 5.5225),
    "Kattevennen": (50.9625, 5.4545),
}


class DistrictQuerySet(VisibleQuerySet):
    def visible_to_roles(self, user) -> Q:
        """A district's name identifies nobody: every person of a city sees its districts."""
        return Q(city_id=user.city_id) if user.city_id else Q(pk__in=[])


class District(models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="districts", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude of the centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude of the centre"), null=True, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="genk_village_district_unique_name"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="genk_village_district_valid_centre",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def centre(self, city_slug: str | None = None) -> tuple[float, float] | None:
        """Its own coordinates, else Genk's table for a district of Genk (`city_slug` spares a query)."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if (city_slug or self.city.slug) == GENK_CITY_SLUG:
            return GENK_DISTRICT_CENTROIDS.get(self.name)
        return None


class Language(models.Model):
    """A spoken language (ISO 639-1 code) used for matching; never an ethnicity."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60, help_text=_("In the language itself."))
    # A coordinator looks a language up by the name they know it by, not only by its own.
    name_nl = models.CharField(_("Dutch name"), max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    COACH = "coach", _("coach")
    SUPPORTER = "supporter", _("supporter")
    STEERING = "steering", _("steering group")
    REFERRER = "referrer", _("referrer")
    CAPTAIN = "captain", _("captain of society")


class UserQuerySet(VisibleQuerySet):
    def visible_to_roles(self, user) -> Q:
        return Q(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("is_coordinator", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and holds one or more roles in one city."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("city"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("For referrers and seconded coaches."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_coach = models.BooleanField(_("coach"), default=False)
    is_supporter = models.BooleanField(_("supporter"), default=False)
    is_steering = models.BooleanField(_("steering group"), default=False)
    is_referrer = models.BooleanField(_("referrer"), default=False)
    is_captain = models.BooleanField(
        _("captain of society"),
        default=False,
        help_text=_("An influential citizen who helps the programme grow; sees the indicators, no person."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="viewers",
        verbose_name=_("figures of the region"),
        help_text=_(
            "A steering member, captain or coordinator sees the dashboards of every city of this region as "
            "well as their own city's; nothing else of those cities."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Technical administrators only; coordinators need not be staff."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Part of the session hash and of every API token: a new value signs the person out everywhere.
    security_stamp = models.CharField(_("security stamp"), max_length=32, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def roles(self) -> list[str]:
        return [role.value for role in Role if getattr(self, f"is_{role.value}")]

    def has_role(self, role: str) -> bool:
        return self.is_authenticated and self.is_active and getattr(self, f"is_{role}", False)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    # Django's session hash, with the security stamp mixed in; an empty stamp gives Django's own hash, so
    # sessions opened before the stamp existed stay valid.
    def get_session_auth_hash(self) -> str:
        return self._stamped_session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._stamped_session_hash(secret)

    def _stamped_session_hash(self, secret: str | None = None) -> str:
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password + self.security_stamp
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class AuditEntryQuerySet(VisibleQuerySet):
    """Coordinators read their city's trail; nobody else reads it."""


class AuditEntry(models.Model):
    """Who read or changed what, when. Append-only; holds field names, never the values."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("city"))
    action = models.CharField(_("action"), max_length=100)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    target_id = models.CharField(_("record id"), max_length=40)
    fields = models.JSONField(_("fields"), default=list, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            # "everything that happened to this record", the admin's history of one family file
            models.Index(fields=["target_type", "target_id", "-created_at"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type.model} #{self.target_id}"


class ApiToken(models.Model):
    """A key for the API, kept only as its SHA-256. Valid until `expires_at`, and only while the person's
    password, security stamp and roles are still those it was issued for (see genk_village.tokens)."""

    # The foreign key's index: a person's tokens, revoked together.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    # Unique, hence indexed: the look-up of every `Authorization: Token <key>` header.
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, unique=True, editable=False)
    roles = models.CharField(_("roles"), max_length=200, editable=False)
    user_fingerprint = models.CharField(_("password fingerprint"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="genk_village_apitoken_expires_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class CalendarFeed(models.Model):
    """A person's secret calendar address. The address is an HMAC of `salt` under SECRET_KEY, so the
    table alone gives none away; only its SHA-256 is matched. Revoking draws a new salt."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    salt = models.CharField(_("salt"), max_length=64, editable=False)
    # Unique, hence indexed: the look-up of every feed request.
    token_hash = models.CharField(_("address (SHA-256)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
