"""Who may see the indicators: one list of roles shared by the pages, the exports and the API."""

# Aggregates only; nothing else in the monitoring names the roles.
DASHBOARD_ROLES: tuple[str, ...] = ("steering", "captain", "coordinator")


def can_see_dashboard(user) -> bool:
    """Signed-in, active, linked to a city, and holding a dashboard role (superusers always)."""
    if not (user.is_authenticated and user.is_active and user.city_id):
        return False
    return user.is_superuser or any(getattr(user, f"is_{role}", False) for role in DASHBOARD_ROLES)
