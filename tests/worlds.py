"""Test worlds shared by several modules."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from challenges.models import ChallengeEvent, ChallengeReport, OfferAnswer, Pledge, PointsEntry
from coaches.models import Attendance, ContactLog, Match, SupportRequest
from families.models import DeprivationCheck, Goal, KindEnGezinAssessment, Offer
from genk_village.audit import audit
from genk_village.models import Region
from leisure.models import Activity, Catalogue, Participation
from monitoring.models import IndicatorSnapshot
from supporters.models import AwardedBadge, Badge, GroupMembership, Notification
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import TrainingSessionFactory
from tests.supporters.factories import SupporterFactory


def one_of_everything(*, city, family, supporter, coordinator) -> None:
    """One record of every model in the coordinator's city, around a family with an active match."""
    match = Match.objects.get(family=family)
    child = family.children.get()
    DeprivationCheck.objects.create(child=child, checked_on=timezone.localdate(), has_books=False)
    KindEnGezinAssessment.objects.create(family=family, assessed_on=timezone.localdate(), low_income=True)
    Goal.objects.create(family=family, domain="leisure", description="Swimming lessons")
    offer = Offer.objects.create(family=family, title="Baklava for the party", exchange_mode="gift")
    OfferAnswer.objects.create(offer=offer, supporter=supporter.supporter, message="We'd love some")
    session = TrainingSessionFactory(city=city)
    Attendance.objects.create(session=session, coach=match.coach)
    ContactLog.objects.create(match=match, kind="visit", happened_on=timezone.localdate(), note="First visit")
    SupportRequest.objects.create(coach=match.coach, question="How do I find a youth movement?")
    group = SupporterFactory(city=city, kind="group", display_name="FC Winterslag U10")
    GroupMembership.objects.create(group=group, member=supporter.supporter)
    badge = Badge.objects.create(code="first-help", name="First help", description="Your first challenge")
    AwardedBadge.objects.create(supporter=supporter.supporter, badge=badge)
    challenge = ChallengeFactory(family=family)
    ChallengeReport.objects.create(challenge=challenge, reporter=supporter.supporter, reason="other")
    event = ChallengeEvent.objects.create(challenge=challenge, kind="confirmed")
    PointsEntry.objects.create(
        supporter=supporter.supporter, points=10, reason="challenge_confirmed", challenge_event=event
    )
    sponsor = ChallengeFactory(
        family=family, title="Ten pairs of shoes", target_quantity=10, pledged_quantity=3
    )
    Pledge.objects.create(challenge=sponsor, supporter=supporter.supporter, quantity=3)
    Notification.objects.create(
        user=supporter, kind="match", key=f"match:{challenge.pk}", title="A challenge that fits you"
    )
    IndicatorSnapshot.objects.create(city=city, code="families_referred", day=timezone.localdate(), value=1)
    audit(actor=coordinator, action="families.family.viewed", target=family)
    EmailAddress.objects.create(user=supporter, email=supporter.email, verified=True, primary=True)
    Catalogue.objects.create(city=city, postal_codes="3600")
    city.region = Region.objects.create(name=f"Region of {city.name}")
    city.save(update_fields=["region"])
    swimming = Activity.objects.create(city=city, name="Zwemclub", kind="swimming", min_age=4, max_age=8)
    Participation.objects.create(child=child, activity=swimming, goal=family.goals.first())
