"""Who may see the indicators: one list of roles shared by the pages, the exports and the API."""

from django.db.models import Q, QuerySet

from genk_village.models import City, User
from genk_village.permissions import has_role

# Aggregates only; nothing else in the monitoring names the roles.
DASHBOARD_ROLES: tuple[str, ...] = ("steering", "captain", "coordinator")


def can_see_dashboard(user) -> bool:
    """Signed-in, active, linked to a city, and holding a dashboard role (superusers always)."""
    return has_role(user, *DASHBOARD_ROLES, superusers=True) and bool(user.city_id)


def dashboard_cities(user) -> list[City]:
    """The cities whose figures the user may see: their own first, then, for a viewer of a region, the
    region's other cities by name; none without the dashboard."""
    if not can_see_dashboard(user):
        return []
    if not user.region_id:
        return [user.city]
    others = City.objects.filter(region_id=user.region_id).exclude(pk=user.city_id).order_by("name")
    return [user.city, *others]


def may_see_city(user, city: City) -> bool:
    """The figures of `city`: the user's own city, or one of their region."""
    if not can_see_dashboard(user):
        return False
    return city.pk == user.city_id or (user.region_id is not None and city.region_id == user.region_id)


def dashboard_viewers(city: City) -> QuerySet[User]:
    """Who holds a dashboard role and may see `city` by `may_see_city`: its own people and its region's
    viewers (active, with a city of their own)."""
    roles = Q()
    for role in DASHBOARD_ROLES:
        roles |= Q(**{f"is_{role}": True})
    sees_city = (Q(city=city) | Q(region_id=city.region_id)) if city.region_id else Q(city=city)
    return User.objects.filter(roles, sees_city, city__isnull=False, is_active=True)
