"""What this app holds about a family (matches, contacts, matching wishes) and about a coach."""

from django.db import transaction

from genk_village import privacy
from genk_village.privacy import ERASED, row, scrub

from .models import Coach, ContactLog, Match, MatchingWishes, SupportRequest


def family_export(family) -> dict:
    matches = Match.objects.filter(family=family).select_related("coach")
    return {
        "matches": [row(m, exclude=["coach"]) | {"coach": m.coach.display_name} for m in matches],
        "contacts": [row(c) for c in ContactLog.objects.filter(match__family=family)],
        "matching_wishes": [row(w) for w in MatchingWishes.objects.filter(family=family)],
    }


def family_erase(family, actor) -> privacy.Erased:
    return [
        scrub(ContactLog.objects.filter(match__family=family), note=""),
        scrub(Match.objects.filter(family=family), exit_note=""),
        scrub(MatchingWishes.objects.filter(family=family), child_interests=""),
    ]


def person_export(user) -> dict:
    coach = Coach.objects.filter(user=user).first()
    if coach is None:
        return {}
    return {
        "coach": row(coach, exclude=["photo", "languages", "districts"])
        | {
            "languages": [lang.code for lang in coach.languages.all()],
            "districts": [d.name for d in coach.districts.all()],
        },
        "training_attendance": [
            {"session": a.session.title, "starts_at": a.session.starts_at, "attended": a.attended}
            for a in coach.attendances.select_related("session")
        ],
        "questions_to_the_think_tank": [row(r, exclude=["coach"]) for r in coach.support_requests.all()],
    }


def person_erase(user, actor) -> privacy.Erased:
    """The profile families chose from names nobody any more; matches and contacts stay for the figures."""
    coach = Coach.objects.filter(user=user).first()
    if coach is None:
        return []
    if coach.photo:
        # the file goes only once the erasure is committed, so a rollback leaves no broken profile
        storage, name = coach.photo.storage, coach.photo.name
        transaction.on_commit(lambda: storage.delete(name))
    questions = SupportRequest.objects.filter(coach=coach)
    return [
        scrub(
            Coach.objects.filter(pk=coach.pk),
            display_name="Coach",
            phone="",
            photo="",
            introduction="",
            introduction_en="",
            introduction_fr="",
            introduction_tr="",
            introduction_ar="",
            interests="",
            motivation="",
            partner_organisation="",
        ),
        scrub(questions, question=ERASED),
        # an answered question keeps an answer (a database rule), so the answer becomes the placeholder
        scrub(questions.exclude(answer=""), answer=ERASED),
    ]


STEP = privacy.register(
    privacy.PrivacyStep(
        name="coaches",
        family_export=family_export,
        family_erase=family_erase,
        person_export=person_export,
        person_erase=person_erase,
    )
)
