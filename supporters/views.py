"""A supporter's own pages: profile (what, where, when), group members, notifications, unsubscribe.

Their progress (points, badges, the group ranking) reads the ledger and lives in challenges.views."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genk_village.permissions import public

from .access import supporter_required
from .forms import SUPPORTER_KINDS, MemberForm, PreferencesForm, ProfileForm
from .models import Notification, NotificationKind
from .notifications import phone_of, preference, read_unsubscribe_token
from .services import (
    SupporterError,
    notification_preferences_set,
    notification_unsubscribe,
    notifications_mark_read,
    supporter_group_add_member,
    supporter_update_profile,
)


@supporter_required
def profile(request, supporter):
    form = ProfileForm(request.POST or None, supporter=supporter)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            supporter_update_profile(
                supporter=supporter,
                actor=request.user,
                districts=data.pop("districts"),
                languages=data.pop("languages"),
                **data,
            )
        except SupporterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("challenges:board")
    members = list(supporter.memberships.select_related("member")) if supporter.kind == "group" else []
    return render(
        request,
        "supporters/profile.html",
        {"form": form, "supporter": supporter, "member_form": MemberForm(), "members": members},
    )


@supporter_required
@require_POST
def member_add(request, supporter):
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            supporter_group_add_member(group=supporter, email=form.cleaned_data["email"], actor=request.user)
        except SupporterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The member is added to your group."))
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("challenges:profile")


def notifications_page(request, *, kinds, template: str, here: str):
    """A person's unread notifications in the app, and which channels they want for each of `kinds`;
    the supporter's and the coach's pages are this one, each in its own frame (`template`)."""
    current = {}
    for kind in kinds:
        choice = preference(request.user, kind)
        current[kind] = {"in_app": choice.in_app, "email": choice.email, "sms": choice.sms}
    form = PreferencesForm(
        request.POST or None, current=current, kinds=kinds, has_phone=bool(phone_of(request.user))
    )
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=request.user, choices=form.choices())
        messages.success(request, _("Your choices are saved."))
        return redirect(here)
    items = list(
        Notification.objects.filter(user=request.user, read_at__isnull=True).order_by("-created_at")[:50]
    )
    notifications_mark_read(user=request.user)
    return render(request, template, {"form": form, "items": items})


@supporter_required
def notifications(request, supporter):
    """My notifications in the app, and which channels I want for each kind."""
    return notifications_page(
        request,
        kinds=SUPPORTER_KINDS,
        template="supporters/notifications.html",
        here="challenges:notifications",
    )


@public
def unsubscribe(request, token: str):
    """The link in every e-mail: works without signing in; a POST (not the GET a mail scanner makes) stops."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(
            request, "supporters/unsubscribe.html", {"kind": "", "done": False, "valid": False}, status=400
        )
    user_id, kind = found
    done = request.method == "POST"
    if done:
        notification_unsubscribe(user_id=user_id, kind=kind)
    context = {"kind": NotificationKind(kind).label, "done": done, "valid": True}
    return render(request, "supporters/unsubscribe.html", context)
