"""What this app holds about a family (its challenges, its points, the answers to its offers) and a supporter
(claims, points, pledges, answers to offers)."""

from genk_village import privacy
from genk_village.privacy import ERASED, row, scrub
from supporters.models import Notification

from .models import Challenge, HandoverMessage, OfferAnswer, Pledge, PointsEntry


def family_export(family) -> dict:
    return {
        "challenges": [row(c, exclude=["claimant"]) for c in Challenge.objects.filter(family=family)],
        "reciprocity_points": [row(p) for p in PointsEntry.objects.filter(family=family)],
    }


def family_erase(family, actor) -> privacy.Erased:
    """Category, district, dates and states stay for the figures; what the coach wrote goes."""
    challenges = Challenge.objects.filter(family=family)
    titles = [t for t in challenges.exclude(title=ERASED).values_list("title", flat=True) if t]
    erased = [scrub(challenges, title=ERASED, description="")]
    # The notifications about these challenges, and the digests that listed them, repeat their text.
    told = Notification.objects.filter(challenge__in=challenges)
    for title in titles:
        told |= Notification.objects.filter(
            user__city_id=family.city_id, kind=Notification.Kind.DIGEST, body__contains=title
        )
    erased.append(scrub(told, body=""))
    # The answers to the family's offers may name the family; they are the supporters' words, so they
    # are in each supporter's export, not in the family's.
    erased.append(scrub(OfferAnswer.objects.filter(offer__family_id=family.pk), message=""))
    # The hand-over conversations are about the family's challenges: their words go, their dates stay.
    erased.append(
        scrub(HandoverMessage.objects.filter(challenge__family_id=family.pk), body=ERASED, proposed_place="")
    )
    return erased


def person_export(user) -> dict:
    supporter = getattr(user, "supporter", None)
    if supporter is None:
        return {}
    return {
        "points": [row(p) for p in PointsEntry.objects.filter(supporter=supporter)],
        "claimed_challenges": [
            {"id": c.pk, "title": c.title, "status": c.status, "claimed_at": c.claimed_at}
            for c in Challenge.objects.filter(claimant=supporter)
        ],
        "pledges": [
            {"challenge": p.challenge_id, "quantity": p.quantity, "created_at": p.created_at}
            for p in Pledge.objects.filter(supporter=supporter)
        ],
        "answers_to_offers": [
            {"offer": a.offer_id, "message": a.message, "created_at": a.created_at}
            for a in OfferAnswer.objects.filter(supporter=supporter)
        ],
        "hand_over_messages": [
            row(m, exclude=["supporter", "written_by"])
            for m in HandoverMessage.objects.filter(written_by=user)
        ],
    }


def person_erase(user, actor) -> privacy.Erased:
    """What the person wrote to families; claims, pledges and points stay for the figures."""
    return [
        scrub(OfferAnswer.objects.filter(supporter__user=user), message=""),
        scrub(HandoverMessage.objects.filter(written_by=user), body=ERASED, proposed_place=""),
    ]


STEP = privacy.register(
    privacy.PrivacyStep(
        name="challenges",
        family_export=family_export,
        family_erase=family_erase,
        person_export=person_export,
        person_erase=person_erase,
    )
)
