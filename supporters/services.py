"""Every write about supporters: sign-up, profile, group members, approval by a coordinator,
notification choices. The badges' rules read the points ledger, so they are awarded by challenges."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from genk_village.audit import audit
from genk_village.errors import ServiceError
from genk_village.models import City, District, Language

from .categories import Category
from .models import (
    GroupInvitation,
    GroupMembership,
    Notification,
    NotificationKind,
    NotificationPreference,
    Supporter,
)
from .notifications import notify, phone_of


@transaction.atomic
def supporter_approve(*, supporter: Supporter, actor) -> bool:
    """Approve a supporter's sign-up (where the city asks for it); approving twice changes nothing."""
    changed = Supporter.objects.filter(pk=supporter.pk, approved_at__isnull=True).update(
        approved_at=timezone.now(), updated_at=timezone.now()
    )
    if changed:
        audit(
            actor=actor,
            action="supporters.supporter.approved",
            target=supporter,
            fields=["approved_at"],
        )
    return bool(changed)


class SupporterError(ServiceError):
    pass


@transaction.atomic
def supporter_register(
    *, user, city: City, kind: str, display_name: str, actor, districts: Iterable[District] = ()
) -> Supporter:
    """Make a new account a supporter of one city: a person, or a group whose account is its contact."""
    if Supporter.objects.filter(user=user).exists():
        raise SupporterError(_("This account is a supporter already."), status=409)
    if kind not in Supporter.Kind.values:
        raise SupporterError(_("Choose a person or a group."))
    districts = list(districts)
    if any(district.city_id != city.pk for district in districts):
        raise SupporterError(_("Choose districts of your city."))
    type(user).objects.filter(pk=user.pk).update(city=city, is_supporter=True)
    user.city, user.is_supporter = city, True
    supporter = Supporter.objects.create(user=user, city=city, kind=kind, display_name=display_name.strip())
    supporter.districts.set(districts)
    audit(actor=actor, action="supporters.supporter.registered", target=supporter)
    return supporter


PROFILE_FIELDS = (
    "display_name",
    "categories",
    "available_weekdays",
    "available_evenings",
    "available_weekends",
    "has_car",
    "wants_digest",
)


@transaction.atomic
def supporter_update_profile(
    *,
    supporter: Supporter,
    actor,
    districts: Iterable[District],
    languages: Iterable[Language],
    **fields,
) -> Supporter:
    """What I can do, where, in which languages and when; districts only of my own city."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    districts = list(districts)
    if any(district.city_id != supporter.city_id for district in districts):
        raise SupporterError(_("Choose districts of your city."))
    if not set(fields.get("categories", [])) <= set(Category.values):
        raise SupporterError(_("Choose categories from the list."))
    for name, value in fields.items():
        setattr(supporter, name, value)
    supporter.updated_at = timezone.now()
    supporter.save(update_fields=[*fields, "updated_at"])
    supporter.districts.set(districts)
    supporter.languages.set(list(languages))
    audit(actor=actor, action="supporters.supporter.profile_changed", target=supporter, fields=fields)
    return supporter


INVITATION_DAYS = 14


@transaction.atomic
def group_invitation_create(*, group: Supporter, email: str, actor, now=None) -> GroupInvitation | None:
    """A group's contact person invites a supporter of the same city, who signed up as a person, by e-mail.

    The answer is the same for any address: only a supporter of the group's city who is not a member yet
    is invited (in the app and by e-mail); nobody learns whether an address belongs to anyone."""
    if group.kind != Supporter.Kind.GROUP:
        raise SupporterError(_("Only a group has members."))
    now = now or timezone.now()
    member = (
        Supporter.objects.filter(
            user__email__iexact=email.strip(), city_id=group.city_id, kind=Supporter.Kind.PERSON
        )
        .select_related("user")
        .first()
    )
    if member is None or GroupMembership.objects.filter(group=group, member=member).exists():
        return None
    invitation = GroupInvitation.objects.open(now=now).filter(group=group, member=member).first()
    if invitation is None:
        invitation = GroupInvitation.objects.create(
            group=group, member=member, expires_at=now + datetime.timedelta(days=INVITATION_DAYS)
        )
        audit(actor=actor, action="supporters.group.member_invited", target=group)
    with translation.override(member.user.language or None):
        title = gettext("%(group)s invites you to join their group") % {"group": group.display_name}
        body = gettext("Open the invitation to accept or decline it. It is valid for %(days)d days.") % {
            "days": INVITATION_DAYS
        }
    notify(
        user=member.user,
        kind=NotificationKind.INVITATION,
        key=f"invitation:{invitation.pk}",
        title=title,
        body=body,
        url=reverse("challenges:invitation", args=[invitation.pk]),
    )
    return invitation


@transaction.atomic
def group_invitation_answer(*, invitation: GroupInvitation, accept: bool, actor, now=None) -> bool:
    """The invited supporter accepts (the membership starts) or declines; an answer counts once, and an
    invitation that expired or was answered already changes nothing."""
    now = now or timezone.now()
    changed = (
        GroupInvitation.objects.open(now=now)
        .filter(pk=invitation.pk)
        .update(**{"accepted_at" if accept else "declined_at": now, "updated_at": now})
    )
    if not changed:
        raise SupporterError(_("This invitation is no longer open."), status=409)
    if accept:
        GroupMembership.objects.get_or_create(group_id=invitation.group_id, member_id=invitation.member_id)
    audit(
        actor=actor,
        action="supporters.group.invitation_accepted" if accept else "supporters.group.invitation_declined",
        target=invitation.group,
    )
    return accept


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, dict[str, bool]]) -> None:
    """Save per kind which channels a person wants (in the app, e-mail, text); kinds not given stay.
    Text messages only with a verified mobile number: otherwise they could never arrive."""
    wants_texts = any(channels.get("sms") for channels in choices.values())
    if wants_texts and not phone_of(user):
        raise SupporterError(
            _("Text messages need a verified mobile number: add one and enter its code first.")
        )
    for kind, channels in choices.items():
        if kind not in NotificationKind.values:
            raise SupporterError(_("Unknown kind of notification."))
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={name: bool(channels.get(name)) for name in ("in_app", "email", "sms")},
        )


@transaction.atomic
def notification_unsubscribe(*, user_id: int, kind: str) -> None:
    """Stop e-mails of one kind for a person, from a signed link; running it twice changes nothing."""
    NotificationPreference.objects.get_or_create(user_id=user_id, kind=kind)
    NotificationPreference.objects.filter(user_id=user_id, kind=kind).update(email=False)


def notifications_mark_read(*, user) -> int:
    """Opening the list reads every unread notification of mine."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
