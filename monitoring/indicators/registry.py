"""What each indicator means: one registry of definitions (label, definition, numerator, denominator,
period, target), read by the dashboard, the exports and the API."""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from families.models import Family, LifeDomain
from supporters.categories import Category

COUNT, RATE, HOURS, SUM = "count", "rate", "hours", "sum"
TO_DATE = _("to date (at the end of the day)")
ON_THE_DAY = _("on the day")
# An indicator over a window ("supporters active", "median time to claim") is measured for the window of
# each of the dashboard's periods, so that choosing a period changes it too.
WINDOWS = (30, 90, 365)
WINDOW_LABELS = {
    30: _("the 30 days up to the day"),
    90: _("the 90 days up to the day"),
    365: _("the year up to the day"),
}
IN_PERIOD = _("the chosen period up to the day")
RETENTION_MONTHS = (3, 6, 12, 18, 24)
# The survival curves' points: months since a match's (or a coach's first match's) start, up to the
# programme's three-year commitment.
SURVIVAL_MONTHS = tuple(range(3, 37, 3))
SURVIVAL_KINDS = ("matches", "coaches")
# Time-to-claim buckets (upper bounds in hours); the programme's promise is "claimed within a day".
CLAIM_BUCKETS = [
    ("4h", _("within 4 hours"), 4),
    ("24h", _("4 to 24 hours"), 24),
    ("3d", _("1 to 3 days"), 72),
    ("7d", _("3 to 7 days"), 168),
    ("more", _("more than 7 days"), None),
]


@dataclass(frozen=True)
class Target:
    """Milestones: the pilot's, then the scale-up's. Progress is shown against the next one not reached."""

    pilot: int | None
    scale: int

    def next_for(self, value: float | None) -> int:
        if self.pilot is not None and (value or 0) < self.pilot:
            return self.pilot
        return self.scale


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: str
    definition: str
    kind: (
        str  # count, rate (numerator / denominator), hours (a median; denominator = n), sum (denominator = n)
    )
    numerator: str
    denominator: str
    period: str
    target: Target | None = None
    by_district: bool = True
    headline: bool = False
    windowed: bool = False  # over the period's window: stored once per window, as `code@days`


@dataclass(frozen=True)
class Measure:
    """One computed value: for the whole city when `district_id` is None."""

    code: str
    district_id: int | None
    value: float | None
    numerator: int | None
    denominator: int | None


GROUPS = {
    "reach": _("Reach"),
    "coaches": _("Coaches"),
    "supporters": _("Supporters"),
    "challenges": _("Challenges"),
    "reciprocity": _("Reciprocity"),
    "outcomes": _("Outcomes"),
    "match_health": _("Match health"),
    "survival": _("Survival"),
    "leisure": _("Leisure"),
}
FAMILIES = Target(pilot=20, scale=150)
COACHES = Target(pilot=None, scale=175)
FAMILY_COUNT = _("families")


def _count(code, group, label, definition, numerator, period=TO_DATE, **extra) -> Indicator:
    return Indicator(code, group, label, definition, COUNT, numerator, "", period, **extra)


REGISTRY_LIST: list[Indicator] = [
    # reach
    _count("reach.referred", "reach", _("Families referred"), _("Families referred to the programme."),
           FAMILY_COUNT, target=FAMILIES, headline=True),
    _count("reach.enrolled", "reach", _("Families enrolled"), _("Families whose intake is done."),
           FAMILY_COUNT, target=FAMILIES, headline=True),
    _count("reach.matched", "reach", _("Families matched"), _("Families with an active coach match."),
           FAMILY_COUNT, period=ON_THE_DAY, target=FAMILIES, headline=True),
    *[
        _count(f"reach.referred.{source}", "reach",
               _("Referred by: %(source)s") % {"source": label},
               _("Families referred, by referral source."), FAMILY_COUNT)
        for source, label in Family.Source.choices
    ],
    # coaches
    _count("coaches.recruited", "coaches", _("Coaches recruited"), _("Coaches who applied."), _("coaches"),
           target=COACHES, by_district=False),
    _count("coaches.screened", "coaches", _("Coaches screened"),
           _("Coaches approved after screening (interview, certificate of good conduct)."), _("coaches"),
           target=COACHES, by_district=False),
    _count("coaches.trained", "coaches", _("Coaches trained"),
           _("Coaches who attended at least one training session."), _("coaches"),
           target=COACHES, by_district=False),
    _count("coaches.active", "coaches", _("Coaches active"), _("Coaches with an active match."),
           _("coaches"), period=ON_THE_DAY, target=COACHES, by_district=False, headline=True),
    *[
        Indicator(
            f"coaches.retention_{months}m", "coaches",
            _("Coach retention at %(months)s months") % {"months": months},
            _("Of the coaches whose first match started at least %(months)s months ago, the share still "
              "coaching %(months)s months after that start.") % {"months": months},
            RATE, _("coaches still coaching"), _("coaches who started long enough ago"), ON_THE_DAY,
            by_district=False, headline=months == 12,
        )
        for months in RETENTION_MONTHS
    ],
    # supporters
    _count("supporters.registered", "supporters", _("Supporters registered"),
           _("Supporters (people and groups) signed up."), _("supporters"), by_district=False, headline=True),
    _count("supporters.active_30d", "supporters", _("Supporters active"),
           _("Supporters who claimed a challenge in the period."), _("supporters"), period=IN_PERIOD,
           by_district=False, windowed=True),
    _count("supporters.groups", "supporters", _("Supporter groups"),
           _("Groups (teams, clubs, classes) signed up."), _("groups"), by_district=False),
    # challenges
    _count("challenges.posted", "challenges", _("Challenges posted"), _("Challenges posted by coaches."),
           _("challenges"), headline=True),
    _count("challenges.claimed", "challenges", _("Challenges claimed"),
           _("Challenges claimed by a supporter."), _("challenges")),
    _count("challenges.delivered", "challenges", _("Challenges delivered"),
           _("Challenges the supporter marked delivered (or the coach confirmed)."), _("challenges")),
    _count("challenges.confirmed", "challenges", _("Challenges completed"),
           _("Challenges the coach confirmed as done."), _("challenges"), headline=True),
    *[
        _count(f"challenges.posted.{category}", "challenges",
               _("Posted: %(category)s") % {"category": label},
               _("Challenges posted, by category."), _("challenges"))
        for category, label in Category.choices
    ],
    *[
        _count(f"challenges.confirmed.{category}", "challenges",
               _("Completed: %(category)s") % {"category": label},
               _("Challenges completed, by category."), _("challenges"))
        for category, label in Category.choices
    ],
    Indicator("challenges.hours_to_claim", "challenges", _("Median time to claim"),
              _("Median hours from posting to claim, of the challenges claimed in the period."),
              HOURS, _("hours"), _("challenges claimed"), IN_PERIOD, headline=True, windowed=True),
    Indicator("challenges.claimed_within_day", "challenges", _("Claimed within a day"),
              _("Share of the challenges claimed in the period that were claimed within 24 hours of "
                "posting."),
              RATE, _("challenges claimed within 24 hours"), _("challenges claimed"), IN_PERIOD,
              headline=True, windowed=True),
    Indicator("challenges.hours_to_complete", "challenges", _("Median time to complete"),
              _("Median hours from posting to the coach's confirmation, of the challenges confirmed in the "
                "period."), HOURS, _("hours"), _("challenges confirmed"), IN_PERIOD, windowed=True),
    *[
        _count(f"challenges.claim_time.{bucket}", "challenges",
               _("Claimed %(bucket)s") % {"bucket": label},
               _("Challenges claimed in the period, by time from posting to claim."), _("challenges"),
               period=IN_PERIOD, windowed=True)
        for bucket, label, _hours in CLAIM_BUCKETS
    ],
    # reciprocity
    _count("reciprocity.families_gave_back", "reciprocity", _("Families that gave back"),
           _("Families that offered something back (a gift, loan, swap or symbolic sale)."), FAMILY_COUNT,
           headline=True),
    Indicator("reciprocity.points_issued", "reciprocity", _("Points issued"),
              _("Points awarded to supporters and families."), SUM, _("points"), _("awards"), TO_DATE,
              by_district=False),
    # outcomes
    Indicator("outcomes.deprived_at_intake", "outcomes", _("Children deprived at intake"),
              _("Share of children lacking two or more of the 14 items of the European child deprivation "
                "index at their first check."), RATE, _("children lacking 2+ items at the first check"),
              _("children with a check"), TO_DATE),
    Indicator("outcomes.deprived_now", "outcomes", _("Children deprived now"),
              _("Share of children lacking two or more items at their latest check."), RATE,
              _("children lacking 2+ items at the latest check"), _("children with a check"), TO_DATE,
              headline=True),
    Indicator("outcomes.leisure_activity", "outcomes", _("Children with a regular leisure activity"),
              _("Share of children with a regular leisure activity at their latest check."), RATE,
              _("children with a leisure activity"), _("children with a check"), TO_DATE),
    *[
        Indicator(f"outcomes.followed.{code}", "outcomes", label, definition, RATE, numerator,
                  _("children with a check at intake and a later one"), TO_DATE)
        for code, label, definition, numerator in [
            ("deprived_at_intake", _("Followed children deprived at intake"),
             _("Of the children with a check at intake and a later one, the share lacking two or more items "
               "at intake."), _("children lacking 2+ items at intake")),
            ("deprived_now", _("Followed children deprived now"),
             _("Of the same children, the share lacking two or more items at their latest check."),
             _("children lacking 2+ items at the latest check")),
            ("leisure_at_intake", _("Followed children with a leisure activity at intake"),
             _("Of the children with a check at intake and a later one, the share with a regular leisure "
               "activity at intake."), _("children with a leisure activity at intake")),
            ("leisure_now", _("Followed children with a leisure activity now"),
             _("Of the same children, the share with a regular leisure activity at their latest check."),
             _("children with a leisure activity at the latest check")),
        ]
    ],
    *[
        Indicator(f"outcomes.goals_reached.{domain}", "outcomes",
                  _("Plan goals reached: %(domain)s") % {"domain": label},
                  _("Share of the family plans' goals in this life domain that were reached."), RATE,
                  _("goals reached"), _("goals set"), TO_DATE)
        for domain, label in LifeDomain.choices
    ],
    # match health
    Indicator("match_health.contact_30d", "match_health", _("Matches in contact"),
              _("Share of active matches with a contact logged in the period."), RATE,
              _("active matches with a contact in the period"), _("active matches"), IN_PERIOD,
              headline=True, windowed=True),
    # survival curves: the seeds' two-to-three-year commitment
    *[
        Indicator(
            f"survival.matches.{months}m", "survival",
            _("Matches still running at %(months)s months") % {"months": months},
            _("Of the matches that started at least %(months)s months ago, the share still running "
              "%(months)s months after their start.") % {"months": months},
            RATE, _("matches still running"), _("matches that started long enough ago"), ON_THE_DAY,
            by_district=False,
        )
        for months in SURVIVAL_MONTHS
    ],
    *[
        Indicator(
            f"survival.coaches.{months}m", "survival",
            _("Coaches still coaching at %(months)s months") % {"months": months},
            _("Of the coaches whose first match started at least %(months)s months ago, the share still "
              "coaching %(months)s months after that start.") % {"months": months},
            RATE, _("coaches still coaching"), _("coaches who started long enough ago"), ON_THE_DAY,
            by_district=False,
        )
        for months in SURVIVAL_MONTHS
    ],
]  # fmt: skip
# leisure: from the children's participations in activities (the leisure app), not from a checkbox
REGISTRY_LIST += [
    Indicator("leisure.going_at_intake", "leisure", _("Children with a regular leisure activity at intake"),
              _("Of the children of enrolled families, the share who already went to a regular activity on "
                "their family's intake day."), RATE, _("children going at intake"),
              _("children of enrolled families"), TO_DATE),
    Indicator("leisure.going_now", "leisure", _("Children with a regular leisure activity now"),
              _("Of the children of enrolled families, the share who go to a regular activity on the day."),
              RATE, _("children going now"), _("children of enrolled families"), ON_THE_DAY, headline=True),
    _count("leisure.activities_started", "leisure", _("Activities started through the programme"),
           _("Children's first visits to an activity found through the programme."), _("activities")),
]  # fmt: skip
REGISTRY: dict[str, Indicator] = {indicator.code: indicator for indicator in REGISTRY_LIST}


# --- Match support (issue #14; computed by coaches.support): the support rhythm kept, premature closures.
MATCH_SUPPORT: list[Indicator] = [
    Indicator(
        "matches.support_on_schedule",
        "match_health",
        _("Contact moments met on time"),
        _(
            "Share of the contact moments of the support rhythm (a first contact within two weeks of the "
            "start, then monthly in the first year and quarterly after) due in the period that the coach "
            "met on time."
        ),
        RATE,
        _("contact moments met on time"),
        _("contact moments due"),
        IN_PERIOD,
        headline=True,
        windowed=True,
    ),
    _count(
        "match_health.closed_premature",
        "match_health",
        _("Premature closures"),
        _("Matches closed before they lasted twelve months."),
        _("matches"),
    ),
]
REGISTRY_LIST.extend(MATCH_SUPPORT)
REGISTRY.update({indicator.code: indicator for indicator in MATCH_SUPPORT})


def stored_code(code: str, days: int) -> str:
    """The code a figure is stored under: a windowed indicator's carries the window (`code@days`)."""
    return f"{code}@{days}" if REGISTRY[code].windowed else code


def in_window(indicator: Indicator, days: int) -> Indicator:
    """The indicator as a period shows it: a windowed one says which window it covers."""
    return dataclasses.replace(indicator, period=WINDOW_LABELS[days]) if indicator.windowed else indicator


# What is measured and stored: each indicator, a windowed one once per window (registered under its
# stored code, so that disclosure control and the readers find its kind and period).
STORED: list[Indicator] = [indicator for indicator in REGISTRY_LIST if not indicator.windowed] + [
    dataclasses.replace(
        in_window(indicator, days), code=f"{indicator.code}@{days}", headline=False, windowed=False
    )
    for indicator in REGISTRY_LIST
    if indicator.windowed
    for days in WINDOWS
]
REGISTRY.update({indicator.code: indicator for indicator in STORED})
