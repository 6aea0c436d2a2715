"""The coordinators' back office. Kept free of model imports: Django loads it before the models."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def is_coordinator(user) -> bool:
    return user.is_active and (user.is_superuser or getattr(user, "is_coordinator", False))


class CoordinatorAdminSite(admin.AdminSite):
    """Open to coordinators (and superusers), whatever their staff flag says."""

    site_header = _("Genk Village – back office")
    site_title = _("Genk Village")
    index_title = _("Coordination")

    def has_permission(self, request) -> bool:
        return is_coordinator(request.user)
