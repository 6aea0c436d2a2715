"""Explicit permissions for pages: every view names the role it serves."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(role: str) -> Callable:
    """Signed-in users holding `role` pass; anonymous users go to sign-in; everyone else gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and getattr(user, f"is_{role}", False)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def public(view):
    """Marks a view open to everyone, on purpose (health checks, the landing page)."""
    view.required_role = None
    return view
