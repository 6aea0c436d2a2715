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

    def login(self, request, extra_context=None):
        """One sign-in for everyone: allauth's, with its rate limits, lockouts and two-factor step."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(
            request.GET.get("next") or request.path.replace("login/", ""), login_url="account_login"
        )
