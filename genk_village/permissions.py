"""One vocabulary for role checks: `has_role` for code, `role_required` for pages, `role_permission` for
the API. Every page names the role it serves."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework import permissions


def has_role(user, *roles: str, superusers: bool = False) -> bool:
    """Signed in, active and holding one of `roles`; with `superusers`, a superuser passes whatever flags.

    Pages ask for the role itself (a superuser is no coach); the API and the dashboard let superusers in.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if superusers and user.is_superuser:
        return True
    return any(getattr(user, f"is_{role}", False) for role in roles)


# The roles that open family files or the pilot's figures: they need an authenticator app, get shorter
# sessions and tokens, and only superusers grant them or manage such accounts.
STAFF_ROLES: tuple[str, ...] = ("coordinator", "steering", "captain")


def holds_staff_role(user) -> bool:
    """A superuser or a holder of a staff role, whether or not the account is active (the admin asks it
    of accounts it manages, the security rules of the person signed in)."""
    if not (user is not None and user.is_authenticated):
        return False
    return user.is_superuser or any(getattr(user, f"is_{role}", False) for role in STAFF_ROLES)


def role_required(*roles: str) -> Callable:
    """Signed-in users holding one of `roles` pass; anonymous users go to sign-in; everyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_role = roles[0] if len(roles) == 1 else roles
        return wrapped

    return decorator


def public(view):
    """Marks a view open to everyone, on purpose (health checks, the landing page)."""
    view.required_role = None
    return view


class HasRole(permissions.BasePermission):
    """The API's gate: signed-in, active users holding one of `roles` (superusers always)."""

    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, *self.roles, superusers=True)


def role_permission(*roles: str) -> type[HasRole]:
    """A DRF permission class: `permission_classes = [role_permission("coach", "coordinator")]`."""
    return type(f"Has{''.join(r.title() for r in roles)}Role", (HasRole,), {"roles": roles})
