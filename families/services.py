"""Every write to a family file: referral, intake, consent, deprivation checks and status changes."""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.db.models.functions import Cast, Substr
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from genk_village.audit import audit
from genk_village.errors import ServiceError
from genk_village.models import City, District, Language
from genk_village.screening import screen_texts

from .models import (
    DEPRIVATION_ITEMS,
    KIND_EN_GEZIN_CRITERIA,
    Child,
    ConsentRecord,
    DeprivationCheck,
    ExchangeMode,
    Family,
    Goal,
    Guardian,
    KindEnGezinAssessment,
    Offer,
)


class FamilyError(ServiceError):
    pass


REQUIRED_FOR_MATCHING = (ConsentRecord.Purpose.PROGRAMME, ConsentRecord.Purpose.DATA)


def _reference_prefix(city_slug: str) -> str:
    return f"{city_slug[:3].upper()}-"


def reference_for(city_slug: str, number: int) -> str:
    """The one reference format: the city's prefix and the family's number in that city, GEN-0001."""
    return f"{_reference_prefix(city_slug)}{number:04d}"


def new_reference(city: City) -> str:
    """The city's next free number after the highest one in use. Two referrals at once can pick the same
    number: the unique (city, reference) constraint refuses the second, and _family_create tries again."""
    prefix = _reference_prefix(city.slug)
    highest = (
        Family.objects.filter(city=city, reference__regex=rf"^{re.escape(prefix)}[0-9]+$")
        .annotate(number=Cast(Substr("reference", len(prefix) + 1), models.IntegerField()))
        .aggregate(highest=Max("number"))["highest"]
    )
    return reference_for(city.slug, (highest or 0) + 1)


def active_consents(family: Family, *, on: datetime.date | None = None) -> set[str]:
    on = on or timezone.localdate()
    return {
        consent.purpose
        for consent in family.consents.all()
        if consent.given_on <= on and (consent.withdrawn_on is None or consent.withdrawn_on > on)
    }


def age_in_years(born: datetime.date, on: datetime.date) -> int:
    """Full years from a birth date to a day (a child born on 29 February is a year older on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_programme_age(born: datetime.date, *, on: datetime.date | None = None) -> None:
    """The programme is for the year before primary school: a child aged PROGRAMME_AGE_YEARS on the day."""
    on = on or timezone.localdate()
    if born > on:
        raise FamilyError(_("The child's birth date cannot be in the future."))
    youngest, oldest = settings.PROGRAMME_AGE_YEARS
    if not youngest <= age_in_years(born, on) <= oldest:
        raise FamilyError(
            _(
                "A child born on %(born)s is %(age)s years old; the programme is for children aged "
                "%(youngest)s to %(oldest)s years."
            )
            % {
                "born": formats.date_format(born, "SHORT_DATE_FORMAT"),
                "age": age_in_years(born, on),
                "youngest": youngest,
                "oldest": oldest,
            }
        )


def _family_create(
    *,
    city: City,
    district: District,
    family_name: str,
    referral_source: str,
    address: str = "",
    referral_note: str = "",
    referrer_label: str = "",
    referred_by=None,
    plan_summary: str = "",
    reference: str | None = None,
) -> Family:
    """The family row of a referral, with its district in its city and a fresh reference code."""
    if district.city_id != city.pk:
        raise FamilyError(_("The district does not belong to this city."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Family.objects.create(
                    city=city,
                    district=district,
                    family_name=family_name,
                    address=address,
                    referral_source=referral_source,
                    referral_note=referral_note,
                    referrer_label=referrer_label.strip(),
                    referred_by=referred_by,
                    plan_summary=plan_summary,
                    reference=reference or new_reference(city),
                )
        except IntegrityError:
            if reference:
                raise FamilyError(_("A family with this reference exists already.")) from None
    # Each retry reads the highest number again, so five collisions need five referrals racing at once.
    raise FamilyError(_("Could not allocate a reference; try again."))  # pragma: no cover


@transaction.atomic
def family_refer(
    *,
    city: City,
    district: District,
    family_name: str,
    referral_source: str,
    child_first_name: str,
    child_birth_date: datetime.date,
    guardian_first_name: str,
    guardian_last_name: str,
    guardian_phone: str = "",
    guardian_relation: str = Guardian.Relation.MOTHER,
    address: str = "",
    referral_note: str = "",
    referrer_label: str = "",
    consent_given_on: datetime.date,
    actor,
    reference: str | None = None,
) -> Family:
    """Refer a family with its child, a guardian and the recorded consent to take part and be filed;
    the child must be of the programme's age (PROGRAMME_AGE_YEARS)."""
    today = timezone.localdate()
    if consent_given_on > today:
        raise FamilyError(_("Consent cannot be dated in the future."))
    check_programme_age(child_birth_date, on=today)
    family = _family_create(
        city=city,
        district=district,
        family_name=family_name,
        address=address,
        referral_source=referral_source,
        referral_note=referral_note,
        referrer_label=referrer_label,
        referred_by=actor if getattr(actor, "is_referrer", False) else None,
        reference=reference,
    )
    Child.objects.create(family=family, first_name=child_first_name, birth_date=child_birth_date)
    Guardian.objects.create(
        family=family,
        first_name=guardian_first_name,
        last_name=guardian_last_name,
        phone=guardian_phone,
        relation=guardian_relation,
    )
    for purpose in REQUIRED_FOR_MATCHING:
        ConsentRecord.objects.create(
            family=family,
            purpose=purpose,
            given_on=consent_given_on,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
    audit(
        actor=actor,
        action="families.family.referred",
        target=family,
        fields=["family_name", "address", "district", "child", "guardian", "consents"],
    )
    return family


@transaction.atomic
def family_referral_correct(
    *,
    family: Family,
    actor,
    district: District,
    family_name: str,
    referral_source: str,
    child_first_name: str,
    child_birth_date: datetime.date,
    guardian_first_name: str,
    guardian_last_name: str,
    guardian_phone: str = "",
    guardian_relation: str = Guardian.Relation.MOTHER,
    address: str = "",
    referral_note: str = "",
    referrer_label: str = "",
) -> Family:
    """The referrer corrects what they filed while the family is still "referred"; once the intake has
    started the coordinator holds the file. The same checks as family_refer; the audit names what changed."""
    # The row lock keeps a coordinator's intake from starting between the status check and the writes.
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if locked.status != Family.Status.REFERRED:
        raise FamilyError(
            _("The intake of this family has started; ask the coordinator to correct the file."), status=409
        )
    if district.city_id != locked.city_id:
        raise FamilyError(_("The district does not belong to this city."))
    check_programme_age(child_birth_date)
    changed = []
    wanted = {
        "family_name": family_name,
        "district": district,
        "address": address,
        "referral_source": referral_source,
        "referral_note": referral_note,
        "referrer_label": referrer_label.strip(),
    }
    for name, value in wanted.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    child = locked.children.order_by("pk").first() or Child(family=locked)
    if (child.first_name, child.birth_date) != (child_first_name, child_birth_date):
        child.first_name, child.birth_date = child_first_name, child_birth_date
        child.save()
        changed.append("child")
    guardian = locked.guardians.order_by("pk").first() or Guardian(family=locked)
    values = {
        "first_name": guardian_first_name,
        "last_name": guardian_last_name,
        "relation": guardian_relation,
        "phone": guardian_phone,
    }
    if any(getattr(guardian, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(guardian, name, value)
        guardian.save()
        changed.append("guardian")
    if changed:
        audit(actor=actor, action="families.family.referral_corrected", target=locked, fields=changed)
    return locked


@transaction.atomic
def family_register(
    *,
    city: City,
    district: District,
    family_name: str,
    referral_source: str,
    actor,
    address: str = "",
    referral_note: str = "",
    referred_by=None,
    plan_summary: str = "",
) -> Family:
    """A coordinator files a referral in the back office: the same checks, reference and "referred" entry
    as family_refer; the child, guardian and consents are recorded on the file's page, each by its service."""
    family = _family_create(
        city=city,
        district=district,
        family_name=family_name,
        address=address,
        referral_source=referral_source,
        referral_note=referral_note,
        referred_by=referred_by,
        plan_summary=plan_summary,
    )
    audit(
        actor=actor,
        action="families.family.referred",
        target=family,
        fields=["family_name", "address", "district"],
    )
    return family


def _change_status(
    *, family: Family, allowed_from: Iterable[str], to: str, actor, action: str, **extra
) -> Family:
    changed = Family.objects.filter(pk=family.pk, status__in=list(allowed_from)).update(
        status=to, updated_at=timezone.now(), **extra
    )
    if not changed:
        raise FamilyError(
            _("This family is %(status)s; that step is not possible now.")
            % {"status": family.get_status_display()}
        )
    family.refresh_from_db(fields=["status", "updated_at", *extra])
    audit(actor=actor, action=action, target=family, fields=["status", *extra])
    return family


@transaction.atomic
def family_start_intake(*, family: Family, actor, intake_on: datetime.date | None = None) -> Family:
    """Move a referred family into intake; the intake date defaults to today."""
    return _change_status(
        family=family,
        allowed_from=[Family.Status.REFERRED],
        to=Family.Status.INTAKE,
        actor=actor,
        action="families.family.intake_started",
        intake_on=intake_on or timezone.localdate(),
    )


@transaction.atomic
def family_start_matching(*, family: Family, actor) -> Family:
    """Intake is complete when consent is on file, a child is registered and has a deprivation check."""
    missing = set(REQUIRED_FOR_MATCHING) - active_consents(family)
    if missing:
        raise FamilyError(
            _("Record the family's consent first: %(purposes)s.")
            % {"purposes": ", ".join(str(ConsentRecord.Purpose(p).label) for p in sorted(missing))}
        )
    if not family.children.exists():
        raise FamilyError(_("Register the child first."))
    if not DeprivationCheck.objects.filter(child__family=family).exists():
        raise FamilyError(_("Record a deprivation check for the child first."))
    return _change_status(
        family=family,
        allowed_from=[Family.Status.INTAKE],
        to=Family.Status.MATCHING,
        actor=actor,
        action="families.family.matching_started",
    )


@transaction.atomic
def family_close(*, family: Family, actor, closed_on: datetime.date | None = None) -> Family:
    """Close a family's file; its active match must be closed first."""
    if family.matches.filter(status="active").exists():
        raise FamilyError(_("Close the family's active match first."))
    return _change_status(
        family=family,
        allowed_from=[s for s in Family.Status.values if s != "closed"],
        to=Family.Status.CLOSED,
        actor=actor,
        action="families.family.closed",
        closed_on=closed_on or timezone.localdate(),
    )


@transaction.atomic
def consent_record(*, family: Family, purpose: str, given_on: datetime.date, actor) -> ConsentRecord:
    """Record a consent the family gave, with its purpose and date."""
    if given_on > timezone.localdate():
        raise FamilyError(_("Consent cannot be dated in the future."))
    consent = ConsentRecord.objects.create(
        family=family,
        purpose=purpose,
        given_on=given_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="families.consent.recorded", target=family, fields=["consents"])
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: ConsentRecord, actor, withdrawn_on: datetime.date | None = None
) -> ConsentRecord:
    """Withdraw a consent, once, on a day between its giving and today; data kept only on its ground
    (household languages) goes with it unless another language consent still holds."""
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on > timezone.localdate():
        raise FamilyError(_("A consent cannot be withdrawn in the future."))
    if withdrawn_on < consent.given_on:
        raise FamilyError(_("A consent cannot be withdrawn before the day it was given."))
    changed = ConsentRecord.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, updated_at=timezone.now()
    )
    if not changed:
        raise FamilyError(_("This consent is withdrawn already."), status=409)
    consent.refresh_from_db(fields=["withdrawn_on", "updated_at"])
    family = consent.family
    fields = ["consents"]
    if (
        consent.purpose == ConsentRecord.Purpose.LANGUAGE
        and ConsentRecord.Purpose.LANGUAGE not in active_consents(family, on=withdrawn_on)
    ):
        family.household_languages.clear()
        fields.append("household_languages")
    audit(actor=actor, action="families.consent.withdrawn", target=family, fields=fields)
    return consent


@transaction.atomic
def family_set_languages(*, family: Family, languages: Iterable[Language], actor) -> None:
    """Household languages are special-category data: stored only with consent to match on them."""
    languages = list(languages)
    if languages and ConsentRecord.Purpose.LANGUAGE not in active_consents(family):
        raise FamilyError(_("Record the family's consent to use its languages for matching first."))
    family.household_languages.set(languages)
    audit(
        actor=actor,
        action="families.family.languages_set",
        target=family,
        fields=["household_languages"],
    )


@transaction.atomic
def deprivation_check_record(
    *, child: Child, checked_on: datetime.date, missing: Iterable[str], actor
) -> DeprivationCheck:
    """Record which of the 14 items a child lacks on a date; two or more missing counts as deprived."""
    missing = set(missing)
    known = {code for code, _label in DEPRIVATION_ITEMS}
    if unknown := missing - known:
        raise FamilyError(_("Unknown deprivation items: %(items)s.") % {"items": ", ".join(sorted(unknown))})
    if checked_on > timezone.localdate():
        raise FamilyError(_("A check cannot be dated in the future."))
    check = DeprivationCheck.objects.create(
        child=child,
        checked_on=checked_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **{f"has_{code}": code not in missing for code in known},
    )
    audit(
        actor=actor,
        action="families.deprivation_check.recorded",
        target=child.family,
        fields=["deprivation_checks"],
    )
    return check


@transaction.atomic
def goal_update(*, goal: Goal, status: str, next_step: str, actor) -> Goal:
    """Update a plan goal's status and next step; a reached goal keeps the day it was reached."""
    if status not in Goal.Status.values:
        raise FamilyError(_("Choose a status for the goal."))
    goal.status = status
    goal.next_step = next_step.strip()
    if status == Goal.Status.REACHED:
        goal.reached_on = goal.reached_on or timezone.localdate()
    else:
        goal.reached_on = None
    goal.save(update_fields=["status", "next_step", "reached_on", "updated_at"])
    audit(
        actor=actor,
        action="families.goal.updated",
        target=goal.family,
        fields=["goals.status", "goals.next_step"],
    )
    return goal


@transaction.atomic
def offer_record(*, family: Family, title: str, exchange_mode: str, actor, description: str = "") -> Offer:
    """Record what a family offers back (gift, loan, swap or symbolic sale), open for takers."""
    if exchange_mode not in ExchangeMode.values:
        raise FamilyError(_("Choose how the family offers it."))
    if not title.strip():
        raise FamilyError(_("Say what the family offers."))
    if problems := screen_texts({_("Title"): title, _("Description"): description}, names=family.names()):
        raise FamilyError(" ".join(problems))
    offer = Offer.objects.create(
        family=family,
        title=title.strip(),
        description=description.strip(),
        exchange_mode=exchange_mode,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="families.offer.recorded", target=family, fields=["offers"])
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor) -> Offer:
    """Withdraw an offer nobody has taken yet."""
    changed = Offer.objects.filter(pk=offer.pk, status=Offer.Status.OPEN).update(
        status=Offer.Status.WITHDRAWN, updated_at=timezone.now()
    )
    if not changed:
        raise FamilyError(_("Only an open offer can be withdrawn."), status=409)
    offer.refresh_from_db(fields=["status", "updated_at"])
    audit(actor=actor, action="families.offer.withdrawn", target=offer.family, fields=["offers"])
    return offer


@transaction.atomic
def offer_mark_given(*, offer: Offer, actor) -> Offer:
    """An open offer has been given: it is taken. The points follow in challenges.services.offer_give."""
    changed = Offer.objects.filter(pk=offer.pk, status=Offer.Status.OPEN).update(
        status=Offer.Status.TAKEN, updated_at=timezone.now()
    )
    if not changed:
        raise FamilyError(_("Only an open offer can be marked as given."), status=409)
    offer.refresh_from_db(fields=["status", "updated_at"])
    audit(actor=actor, action="families.offer.given", target=offer.family, fields=["offers"])
    return offer


@transaction.atomic
def kind_en_gezin_record(
    *, family: Family, assessed_on: datetime.date, criteria: Iterable[str], actor
) -> KindEnGezinAssessment:
    """Record which of Kind en Gezin's six criteria the family scores on, on a date (three or more: the
    family counts in deprivation)."""
    criteria = set(criteria)
    known = {code for code, _label in KIND_EN_GEZIN_CRITERIA}
    if unknown := criteria - known:
        raise FamilyError(
            _("Unknown Kind en Gezin criteria: %(items)s.") % {"items": ", ".join(sorted(unknown))}
        )
    if assessed_on > timezone.localdate():
        raise FamilyError(_("An assessment cannot be dated in the future."))
    assessment = KindEnGezinAssessment.objects.create(
        family=family, assessed_on=assessed_on, **{code: code in criteria for code in known}
    )
    audit(actor=actor, action="families.kind_en_gezin.recorded", target=family, fields=["kind_en_gezin"])
    return assessment


@transaction.atomic
def family_intake_record(
    *,
    family: Family,
    actor,
    on: datetime.date,
    consents: Iterable[str],
    languages: Iterable[Language],
    child: dict,
    guardians: Iterable[dict],
    lacks: Iterable[str] | None,
    criteria: Iterable[str] | None,
) -> Family:
    """The intake on one page, in the order its rules need: the new consents first (languages need
    theirs), the child (of the programme's age) and guardians, then the checks. `lacks` and `criteria`
    are None when no new check or assessment is recorded; an empty `lacks` is "lacks none of these"."""
    if family.status not in (Family.Status.REFERRED, Family.Status.INTAKE):
        raise FamilyError(_("The intake of this family is complete; change the file on its page."))
    for purpose in sorted(set(consents) - active_consents(family)):
        consent_record(family=family, purpose=purpose, given_on=on, actor=actor)
    family_set_languages(family=family, languages=languages, actor=actor)
    record = family.children.order_by("pk").first() or Child(family=family)
    if record.pk is None or record.birth_date != child["birth_date"]:
        # The referral checked the age on its day; a child who has since had a birthday stays in.
        check_programme_age(child["birth_date"])
    for name, value in child.items():
        setattr(record, name, value)
    record.save()
    for row in guardians:
        guardian = family.guardians.filter(pk=row.get("pk")).first() or Guardian(family=family)
        for name, value in row.items():
            if name != "pk":
                setattr(guardian, name, value)
        guardian.save()
    audit(actor=actor, action="families.family.intake_recorded", target=family, fields=["child", "guardians"])
    if lacks is not None:
        deprivation_check_record(child=record, checked_on=on, missing=lacks, actor=actor)
    if criteria is not None:
        kind_en_gezin_record(family=family, assessed_on=on, criteria=criteria, actor=actor)
    return family
