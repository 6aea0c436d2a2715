"""A supporter's own pages: profile (what, where, when), group members, notifications, unsubscribe.

Their progress (points, badges, the group ranking) reads the ledger and lives in challenges.views."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genk_village.permissions import public

from .access import supporter_required
from .forms import SUPPORTER_KINDS, InvitationAnswerForm, MemberForm, PreferencesForm, ProfileForm
from .models import GroupInvitation, Notification, NotificationKind
from .notifications import phone_of, preference, read_unsubscribe_token
from .services import (
    SupporterError,
    group_invitation_answer,
    group_invitation_create,
    notification_preferences_set,
    notification_unsubscribe,
    notifications_mark_read,
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
    invitations = list(GroupInvitation.objects.open().filter(member=supporter).select_related("group"))
    return render(
        request,
        "supporters/profile.html",
        {
            "form": form,
            "supporter": supporter,
            "member_form": MemberForm(),
            "members": members,
            "invitations": invitations,
        },
    )


@supporter_required
@require_POST
def member_add(request, supporter):
    """A group invites a member by e-mail; the answer is the same whether or not the address is known."""
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            group_invitation_create(group=supporter, email=form.cleaned_data["email"], actor=request.user)
        except SupporterError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("If this address belongs to a supporter of %(city)s, they get an invitation.")
                % {"city": supporter.city},
            )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("challenges:profile")


@supporter_required
def invitation(request, supporter, pk: int):
    """The invited supporter reads a group's invitation and accepts or declines it; nobody else finds it."""
    found = get_object_or_404(
        GroupInvitation.objects.visible_to(request.user).filter(member=supporter).select_related("group"),
        pk=pk,
    )
    if request.method == "POST":
        form = InvitationAnswerForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            try:
                group_invitation_answer(invitation=found, accept=accept, actor=request.user)
            except SupporterError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("You are a member of %(group)s now.") % {"group": found.group.display_name}
                    if accept
                    else _("You declined the invitation."),
                )
            return redirect("challenges:profile")
    still_open = GroupInvitation.objects.open().filter(pk=found.pk).exists()
    return render(request, "supporters/invitation.html", {"invitation": found, "open": still_open})


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
        try:
            notification_preferences_set(user=request.user, choices=form.choices())
        except SupporterError as error:
            form.add_error(None, str(error))
        else:
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
