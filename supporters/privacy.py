"""What this app holds about a supporter (profile, groups, notifications)."""

from genk_village import privacy
from genk_village.privacy import ERASED, row, scrub

from .models import GroupMembership, Notification, NotificationPreference, PhoneVerification, Supporter


def person_export(user) -> dict:
    data = {
        "notifications": [
            row(n, exclude=["user", "challenge"]) for n in Notification.objects.filter(user=user)
        ],
        "notification_preferences": [
            row(p, exclude=["user"]) for p in NotificationPreference.objects.filter(user=user)
        ],
        "mobile_number": [
            {"number": v.number, "verified_at": v.verified_at}
            for v in PhoneVerification.objects.filter(user=user)
        ],
    }
    supporter = Supporter.objects.filter(user=user).first()
    if supporter is None:
        return data
    memberships = GroupMembership.objects.filter(group=supporter) | GroupMembership.objects.filter(
        member=supporter
    )
    return data | {
        "supporter": row(supporter, exclude=["languages", "districts"])
        | {
            "languages": [lang.code for lang in supporter.languages.all()],
            "districts": [d.name for d in supporter.districts.all()],
        },
        "group_memberships": [
            {"group": m.group.display_name, "member": m.member.display_name, "since": m.created_at}
            for m in memberships.select_related("group", "member")
        ],
        "badges": [
            {"badge": a.badge.name, "awarded_at": a.created_at}
            for a in supporter.badges.select_related("badge")
        ],
    }


def person_erase(user, actor) -> privacy.Erased:
    """The profile, what the person wrote and what was written to them by name; claims and points stay."""
    return [
        scrub(Supporter.objects.filter(user=user), display_name="Supporter", phone=""),
        scrub(Notification.objects.filter(user=user), title=ERASED, body=""),
        scrub(PhoneVerification.objects.filter(user=user), number="", code_hash="", verified_at=None),
    ]


STEP = privacy.register(
    privacy.PrivacyStep(
        name="supporters",
        person_export=person_export,
        person_erase=person_erase,
    )
)
