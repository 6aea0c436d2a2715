"""What a demo family is, decided by its number alone: status, people, dates, languages and checks."""

import datetime
from dataclasses import dataclass

from families.models import DEPRIVATION_ITEMS, KIND_EN_GEZIN_CRITERIA, ConsentRecord, Family, Guardian

from .. import catalogue
from ..context import DemoContext
from ..names import COMMUNITY, pick_community
from ..people import make_person, phone_number

S = Family.Status
# The pilot's shape in every 20 families: 12 matched, 3 matching, 2 in intake, 1 referred, 2 closed.
STATUS_CYCLE = (
    *(S.MATCHED, S.MATCHED, S.MATCHING, S.MATCHED, S.INTAKE, S.MATCHED, S.CLOSED),
    *(S.MATCHED, S.MATCHED, S.REFERRED, S.MATCHED, S.MATCHING, S.MATCHED, S.INTAKE),
    *(S.MATCHED, S.CLOSED, S.MATCHED, S.MATCHING, S.MATCHED, S.MATCHED),
)
SOURCES = [
    (Family.Source.SCHOOL, 35),
    (Family.Source.OCMW, 25),
    (Family.Source.HUIS_VAN_HET_KIND, 20),
    (Family.Source.SUMMER_SCHOOL, 10),
    (Family.Source.OTHER, 10),
]
REFERRAL_NOTES = {
    Family.Source.SCHOOL: "De kleuterjuf merkt dat er thuis weinig boeken en spelletjes zijn.",
    Family.Source.OCMW: "Doorverwezen na een gesprek over de schoolkosten.",
    Family.Source.HUIS_VAN_HET_KIND: "Via het consultatiebureau; de mama zoekt contacten in de buurt.",
    Family.Source.SUMMER_SCHOOL: "Ingeschreven in de zomerschool; de ouders willen meer steun.",
    Family.Source.OTHER: "Aangemeld door de buurtwerker.",
}
PLAN_SUMMARY = "Samen werken aan een goede start in de lagere school en aan een netwerk in de buurt."
# How likely a family scores on each of Kind en Gezin's criteria, to give a plausible mix.
CRITERION_ODDS = {
    "low_income": 0.8,
    "low_education": 0.5,
    "weak_labour": 0.6,
    "delayed_development": 0.2,
    "poor_housing": 0.45,
    "poor_health": 0.3,
}
ITEM_CODES = [code for code, _label in DEPRIVATION_ITEMS]
DAY = datetime.timedelta(days=1)


def weighted(rng, pairs):
    return rng.choices([value for value, _weight in pairs], weights=[weight for _value, weight in pairs])[0]


@dataclass
class FamilySpec:
    """Everything about one demo family that does not depend on which coaches are free."""

    index: int
    reference: str
    status: str
    family_name: str
    address: str
    district_id: int
    source: str
    child_first_name: str
    child_birth_date: datetime.date
    school: str
    guardian_first_name: str
    guardian_last_name: str
    guardian_relation: str
    phone: str
    languages: list[str]
    referred_on: datetime.date
    intake_on: datetime.date | None
    missing_at_intake: list[str]
    criteria: dict[str, bool]
    photo_consent: bool


def family_spec(ctx: DemoContext, index: int) -> FamilySpec:
    rng = ctx.rng("family", index)
    # The first family (GEN-0001) speaks Turkish and Dutch at home, like coach1, who is its coach.
    community = COMMUNITY["turkish"] if index == 0 else pick_community(rng)
    pools = ctx.pools[community.key]
    status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
    today = ctx.today
    referred_ago = {S.REFERRED: (1, 14), S.INTAKE: (20, 45), S.MATCHING: (45, 120)}.get(status, (150, 700))
    referred_on = today - rng.randint(*referred_ago) * DAY
    intake_on = None if status == S.REFERRED else min(today, referred_on + rng.randint(5, 21) * DAY)
    girl = rng.random() < 0.5
    guardian = make_person(ctx.pools, rng, community)
    mother = guardian.female
    return FamilySpec(
        index=index,
        reference=ctx.site.reference(index),
        status=status,
        family_name=rng.choice(pools.last_male),
        district_id=rng.choice(ctx.districts).pk,
        address=ctx.site.address(rng.choice(catalogue.STREETS), rng.randint(1, 180)),
        source=weighted(rng, SOURCES),
        child_first_name=rng.choice(pools.female if girl else pools.male),
        # the year before primary school: four and a half to almost six
        child_birth_date=today - rng.randint(4 * 365 + 180, 5 * 365 + 330) * DAY,
        school=rng.choice(catalogue.SCHOOLS),
        guardian_first_name=guardian.first_name,
        guardian_last_name=guardian.last_name,
        guardian_relation=Guardian.Relation.MOTHER if mother else Guardian.Relation.FATHER,
        phone=phone_number(rng),
        languages=[code for code in rng.choice(community.household_languages) if code in ctx.languages],
        referred_on=referred_on,
        intake_on=intake_on,
        missing_at_intake=rng.sample(
            ITEM_CODES, rng.choices(range(8), weights=[5, 10, 20, 20, 18, 12, 9, 6])[0]
        ),
        criteria={code: rng.random() < CRITERION_ODDS[code] for code, _label in KIND_EN_GEZIN_CRITERIA},
        photo_consent=rng.random() < 0.5,
    )


def consents_at_intake(spec: FamilySpec) -> list[tuple[str, datetime.date]]:
    """(purpose, given on) of what a family agrees to at intake: languages always, photos if they wish."""
    consents = [(ConsentRecord.Purpose.LANGUAGE, spec.intake_on)]
    if spec.photo_consent:
        consents.append((ConsentRecord.Purpose.PHOTO, spec.intake_on))
    return consents
