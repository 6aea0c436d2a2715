"""Privacy rights: a subject-access export of all that is held, erasure that keeps the figures, retention."""

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from .audit import audit
from .models import AuditEntry

ERASED = "—"
PERSONAL_EXCLUDE = {"password"}


def _row(obj, exclude=()) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in PERSONAL_EXCLUDE | set(exclude)} | {
        "id": obj.pk
    }


def _trail(**filters) -> list[dict]:
    return [
        {
            "when": e.created_at,
            "who": e.actor.email if e.actor else None,
            "action": e.action,
            "fields": e.fields,
        }
        for e in AuditEntry.objects.filter(**filters).select_related("actor").order_by("created_at")
    ]


def family_file(family) -> dict:
    """Everything held about one family, grouped the way a person would read it."""
    from coaches.models import ContactLog
    from families.models import DeprivationCheck

    matches = list(family.matches.select_related("coach"))
    return {
        "family": _row(family, exclude=["household_languages"])
        | {"household_languages": [lang.code for lang in family.household_languages.all()]},
        "children": [_row(c) for c in family.children.all()],
        "guardians": [_row(g) for g in family.guardians.all()],
        "consents": [_row(c) for c in family.consents.all()],
        "deprivation_checks": [
            _row(c) | {"items_missing": c.missing_count}
            for c in DeprivationCheck.objects.filter(child__family=family)
        ],
        "kind_en_gezin_assessments": [_row(a) for a in family.kind_en_gezin_assessments.all()],
        "plan_goals": [_row(g) for g in family.goals.all()],
        "offers": [_row(o) for o in family.offers.all()],
        "matches": [_row(m, exclude=["coach"]) | {"coach": m.coach.display_name} for m in matches],
        "contacts": [_row(c) for c in ContactLog.objects.filter(match__family=family)],
        "challenges": [_row(c, exclude=["claimant"]) for c in family.challenges.all()],
        "audit_trail": _trail(target_type__model="family", target_id=str(family.pk)),
    }


def person_file(user) -> dict:
    """Everything held about one account: the person, their coach or supporter profile, points and acts."""
    from challenges.models import PointsEntry

    data = {"account": _row(user, exclude=["groups", "user_permissions"]) | {"roles": user.roles}}
    coach = getattr(user, "coach", None)
    if coach is not None:
        data["coach"] = _row(coach, exclude=["photo", "languages", "districts"]) | {
            "languages": [lang.code for lang in coach.languages.all()],
            "districts": [d.name for d in coach.districts.all()],
        }
    supporter = getattr(user, "supporter", None)
    if supporter is not None:
        data["supporter"] = _row(supporter, exclude=["languages", "districts"])
        data["points"] = [_row(p) for p in PointsEntry.objects.filter(supporter=supporter)]
        data["claimed_challenges"] = [
            {"id": c.pk, "title": c.title, "status": c.status, "claimed_at": c.claimed_at}
            for c in supporter.claimed_challenges.all()
        ]
    data["actions_in_audit_trail"] = _trail(actor=user)
    return data


def subject_access_zip(data: dict, *, name: str, actor, target) -> bytes:
    """A ZIP with the data as JSON and a short note on what it is; the export itself is audited."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"{name}.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "README.txt",
            (
                "Everything Genk Village holds about this person or family, exported on "
                f"{timezone.localdate():%Y-%m-%d}. Dates are ISO 8601; times are UTC.\n"
            ),
        )
    audit(actor=actor, action=f"{target._meta.label_lower}.subject_access_exported", target=target)
    return buffer.getvalue()


@transaction.atomic
def family_anonymise(*, family, actor) -> bool:
    """Erase what identifies a family and keep what the statistics need (district, dates, states, counts)."""
    from challenges.models import Challenge
    from coaches.models import ContactLog, Match
    from families.models import Family

    if not Family.objects.filter(pk=family.pk, anonymised_at__isnull=True).update(
        family_name=ERASED, address="", referral_note="", plan_summary="", anonymised_at=timezone.now()
    ):
        return False  # erased already: doing it again changes nothing
    family.household_languages.clear()
    for child in family.children.all():
        # The birth year stays for age statistics; the day does not.
        child.first_name, child.school = ERASED, ""
        child.birth_date = datetime.date(child.birth_date.year, 7, 1)
        child.save(update_fields=["first_name", "school", "birth_date", "updated_at"])
    family.guardians.update(first_name=ERASED, last_name=ERASED, phone="", email="")
    ContactLog.objects.filter(match__family=family).update(note="")
    Match.objects.filter(family=family).update(exit_note="")
    family.offers.update(description="")
    Challenge.objects.filter(family=family).update(description="")
    audit(actor=actor, action="families.family.anonymised", target=family)
    return True


@transaction.atomic
def user_anonymise(*, user, actor) -> bool:
    """Erase a person's account; what they did (claims, points, contacts) stays, without their name."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .tokens import tokens_revoke

    if user.email.endswith("@erased.invalid"):
        return False
    user.email = f"user-{user.pk}@erased.invalid"
    user.first_name = user.last_name = user.organisation = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "first_name", "last_name", "organisation", "is_active", "password"])
    EmailAddress.objects.filter(user=user).delete()
    tokens_revoke(user)
    Authenticator.objects.filter(user=user).delete()
    coach = getattr(user, "coach", None)
    if coach is not None:
        if coach.photo:
            coach.photo.delete(save=False)
        coach.display_name, coach.phone, coach.introduction, coach.interests = "Coach", "", "", ""
        coach.save(
            update_fields=["display_name", "phone", "photo", "introduction", "interests", "updated_at"]
        )
    supporter = getattr(user, "supporter", None)
    if supporter is not None:
        supporter.display_name = "Supporter"
        supporter.save(update_fields=["display_name", "updated_at"])
    audit(actor=actor, action="genk_village.user.anonymised", target=user, city_id=user.city_id)
    return True


def anonymise_expired_files(*, today: datetime.date | None = None) -> int:
    """Anonymise every family file closed longer than RETENTION_DAYS ago, including ones a missed run left."""
    from families.models import Family

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DAYS)
    expired = Family.objects.filter(
        status=Family.Status.CLOSED, closed_on__lte=cutoff, anonymised_at__isnull=True
    )
    return sum(family_anonymise(family=family, actor=None) for family in expired.iterator(chunk_size=200))
