"""Who may see the indicators: one list of roles shared by the pages, the exports and the API."""

from genk_village.permissions import has_role

# Aggregates only; nothing else in the monitoring names the roles.
DASHBOARD_ROLES: tuple[str, ...] = ("steering", "captain", "coordinator")


def can_see_dashboard(user) -> bool:
    """Signed-in, active, linked to a city, and holding a dashboard role (superusers always)."""
    return has_role(user, *DASHBOARD_ROLES, superusers=True) and bool(user.city_id)
