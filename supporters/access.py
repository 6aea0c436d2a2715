"""The gate of every supporter page: the supporter role, a supporter profile, and approval where required."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from genk_village.permissions import role_required

from .selectors import supporter_for_user


def supporter_required(view: Callable) -> Callable:
    """Calls `view(request, supporter, ...)`; an unapproved supporter sees the waiting page instead."""

    @role_required("supporter")
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        supporter = supporter_for_user(request.user)
        if supporter is None:
            raise PermissionDenied(_("Your account has no supporter profile; ask the coordinator."))
        if supporter.waits_for_approval:
            return render(request, "supporters/waiting.html", {"supporter": supporter}, status=403)
        return view(request, supporter, *args, **kwargs)

    return wrapped
