"""The family's choice: proposal pages, the one-time link, the coach's answer, the application, the admin."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coaches.models import BatchRun, Coach, Match, MatchingWishes, ProposalLink
from coaches.services import CoachError, proposal_link_choose, proposal_link_create, proposal_link_resolve
from families.models import Family
from genk_village.models import AuditEntry, User
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import DistrictFactory, language


@pytest.fixture
def shortlist(city, district, coordinator):
    """A Turkish-speaking family in matching with three proposed coaches."""
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING, family_name="Demir")
    family.household_languages.set([language("tr")])
    coaches = []
    for rank, name in enumerate(("Zeynep", "Marc", "Lotte"), start=1):
        coach = ReadyCoachFactory(
            city=city,
            display_name=name,
            introduction=f"{name} likes cooking.",
            available_evenings=True,
            user__email=f"{name.lower()}@example.org",
        )
        coach.languages.set([language("tr"), language("nl")])
        coaches.append(Match.objects.create(family=family, coach=coach, rank=rank))
    return family, coaches


@pytest.fixture
def link(shortlist, coordinator):
    family, _matches = shortlist
    _link, token = proposal_link_create(family=family, actor=coordinator)
    return token


def test_the_coordinator_opens_the_proposal_page_in_the_familys_language(client, coordinator, shortlist):
    family, _matches = shortlist
    client.force_login(coordinator)
    response = client.get(reverse("proposals:coordinator", args=[family.pk]))
    assert response.status_code == 200
    assert response["Content-Language"] == "tr"
    assert '<html lang="tr"' in response.content.decode()
    for name in ("Zeynep", "Marc", "Lotte"):
        assert name in response.content.decode()
    assert "Demir" not in response.content.decode()  # the family's name is not on its choice page
    assert AuditEntry.objects.filter(action="families.family.viewed", actor=coordinator).exists()


def test_the_coordinator_records_the_choice_and_the_coach_is_asked(
    client, coordinator, shortlist, django_capture_on_commit_callbacks
):
    family, matches = shortlist
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:coordinator", args=[family.pk]), {"match": matches[1].pk, "confirmed": "1"}
        )
    assert response.status_code == 302
    chosen = Match.objects.get(pk=matches[1].pk)
    assert chosen.status == Match.Status.CHOSEN
    assert chosen.chosen_by == coordinator
    assert set(
        Match.objects.filter(pk__in=[matches[0].pk, matches[2].pk]).values_list("status", flat=True)
    ) == {"not_chosen"}
    assert mail.outbox[0].to == ["marc@example.org"]
    assert reverse("proposals:respond", args=[chosen.pk]) in mail.outbox[0].body


@pytest.mark.parametrize(
    "persona", ["anonymous", "other_coordinator", "supporter", "referrer", "other_coach"]
)
def test_people_without_access_cannot_open_the_coordinators_page(client, personas, persona, shortlist):
    family, _matches = shortlist
    if persona != "anonymous":
        client.force_login(personas[persona])
    response = client.get(reverse("proposals:coordinator", args=[family.pk]))
    assert response.status_code in (302, 403, 404)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_shortlisted_coach_opens_the_page_with_the_family_and_records_its_choice(
    client, shortlist, other_coach
):
    family, matches = shortlist
    zeynep = matches[0].coach.user
    client.force_login(zeynep)
    assert client.get(reverse("proposals:with_coach", args=[family.pk])).status_code == 200
    response = client.post(
        reverse("proposals:with_coach", args=[family.pk]), {"match": matches[2].pk, "confirmed": "1"}
    )
    assert response.status_code == 200
    assert Match.objects.get(pk=matches[2].pk).chosen_by == zeynep
    client.force_login(other_coach)
    assert client.get(reverse("proposals:with_coach", args=[family.pk])).status_code == 404


def test_the_family_chooses_through_its_one_time_link_without_an_account(client, shortlist, link):
    family, matches = shortlist
    page = reverse("proposals:by_link", args=[link])
    response = client.get(page)
    assert response.status_code == 200
    assert "Zeynep" in response.content.decode()
    response = client.post(page, {"match": matches[0].pk, "confirmed": "1"})
    assert response.status_code == 200
    match = Match.objects.get(pk=matches[0].pk)
    assert match.status == Match.Status.CHOSEN
    assert match.chosen_by is None
    stored = ProposalLink.objects.get(family=family)
    assert stored.used_at is not None and stored.chosen_match == match
    assert AuditEntry.objects.filter(action="coaches.proposal_link.used").exists()
    assert client.get(page).status_code == 410  # used once
    assert client.post(page, {"match": matches[1].pk, "confirmed": "1"}).status_code == 410


def test_the_link_is_stored_only_as_a_hash(shortlist, link):
    stored = ProposalLink.objects.get()
    raw = link.split(":")[0]
    assert raw not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_a_tampered_or_expired_link_is_refused(client, shortlist, link):
    assert client.get(reverse("proposals:by_link", args=[link + "x"])).status_code == 404
    with pytest.raises(CoachError) as expired:
        proposal_link_resolve(token=link, now=timezone.now() + datetime.timedelta(days=15))
    assert expired.value.status == 410


def test_a_link_cannot_choose_another_familys_coach(shortlist, link, city, district):
    other = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    stranger = Match.objects.create(family=other, coach=ReadyCoachFactory(city=city))
    with pytest.raises(CoachError):
        proposal_link_choose(token=link, match_id=stranger.pk)
    assert Match.objects.get(pk=stranger.pk).status == Match.Status.PROPOSED


def test_the_printable_page_lists_every_coach_with_a_box_to_tick(client, coordinator, shortlist, link):
    family, _matches = shortlist
    client.force_login(coordinator)
    response = client.get(reverse("proposals:print", args=[family.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="proposal-box"') == 3
    client.logout()
    assert client.get(reverse("proposals:print_by_link", args=[link])).status_code == 200
    assert not ProposalLink.objects.get().used_at  # printing does not spend the link


def test_the_chosen_coach_accepts_and_the_match_starts_with_its_planned_end(client, shortlist, settings):
    settings.MATCH_YEARS = 3
    family, matches = shortlist
    Match.objects.filter(pk=matches[0].pk).update(status=Match.Status.CHOSEN)
    client.force_login(matches[0].coach.user)
    url = reverse("proposals:respond", args=[matches[0].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "accept"}).status_code == 302
    match = Match.objects.get(pk=matches[0].pk)
    assert match.status == Match.Status.ACTIVE
    assert match.planned_end_on == match.started_on.replace(year=match.started_on.year + 3)
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHED


def test_the_chosen_coach_may_decline(client, shortlist):
    _family, matches = shortlist
    Match.objects.filter(pk=matches[1].pk).update(status=Match.Status.CHOSEN)
    client.force_login(matches[1].coach.user)
    client.post(reverse("proposals:respond", args=[matches[1].pk]), {"answer": "decline"})
    assert Match.objects.get(pk=matches[1].pk).status == Match.Status.DECLINED


def test_another_coach_cannot_answer_for_the_chosen_one(client, shortlist, other_coach, coordinator):
    _family, matches = shortlist
    Match.objects.filter(pk=matches[0].pk).update(status=Match.Status.CHOSEN)
    url = reverse("proposals:respond", args=[matches[0].pk])
    client.force_login(other_coach)
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    assert Match.objects.get(pk=matches[0].pk).status == Match.Status.CHOSEN


def test_a_volunteer_applies_online_and_is_a_coach_in_screening(client, city, district):
    other_district = DistrictFactory(city=city, name="Zwartberg")
    response = client.get(reverse("coach_application:apply"))
    assert response.status_code == 200
    response = client.post(
        reverse("coach_application:apply"),
        {
            "display_name": "Hatice",
            "email": "Hatice@Example.org",
            "password1": "a long enough pass phrase",
            "password2": "a long enough pass phrase",
            "languages": [language("tr").pk, language("nl").pk],
            "home_district": district.pk,
            "districts": [district.pk, other_district.pk],
            "available_evenings": "on",
            "interests": "football, cooking",
            "introduction": "Mother of three, I love the outdoors.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    coach = Coach.objects.get(user__email="hatice@example.org")
    assert coach.screening_status == Coach.Screening.APPLIED
    assert coach.user.is_coach and coach.city == city
    assert set(coach.languages.values_list("code", flat=True)) == {"tr", "nl"}
    assert any("hatice@example.org" in message.to for message in mail.outbox)  # allauth's confirmation


def test_an_application_with_errors_ties_them_to_the_fields(client, city):
    response = client.post(reverse("coach_application:apply"), {"display_name": "X", "email": "nope"})
    assert response.status_code == 200
    assert not User.objects.filter(first_name="X").exists()
    assert 'aria-describedby="id_email_error"' in response.content.decode()


# The coordinator's admin ---------------------------------------------------------------------------------


@pytest.fixture
def waiting_family(city, district):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    family.household_languages.set([language("nl")])
    MatchingWishes.objects.create(family=family, child_interests="football")
    for name in ("Ann", "Bart", "Chris", "Dirk"):
        ReadyCoachFactory(city=city, display_name=name).languages.set([language("nl")])
    return family


def _action(client, action, ids, **extra):
    return client.post(
        reverse("admin:coaches_waitingfamily_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in ids]},
        **extra,
    )


def test_the_coordinator_sees_the_ranking_with_its_reasons(client, coordinator, waiting_family):
    client.force_login(coordinator)
    response = client.get(reverse("admin:coaches_waitingfamily_change", args=[waiting_family.pk]))
    assert response.status_code == 200
    assert "Speaks Nederlands, spoken in the household." in response.content.decode()


def test_the_coordinator_proposes_a_shortlist_of_the_configured_size(
    client, coordinator, waiting_family, settings
):
    settings.SHORTLIST_SIZE = 3
    client.force_login(coordinator)
    _action(client, "propose_shortlist", [waiting_family.pk])
    assert Match.objects.filter(family=waiting_family, status=Match.Status.PROPOSED).count() == 3


def test_the_one_time_link_is_shown_once_to_the_coordinator(client, coordinator, waiting_family):
    client.force_login(coordinator)
    _action(client, "propose_shortlist", [waiting_family.pk])
    page = _action(client, "create_link", [waiting_family.pk], follow=True).content.decode()
    assert ProposalLink.objects.filter(family=waiting_family).count() == 1
    assert "/proposals/link/" in page
    assert (
        "/proposals/link/"
        not in client.get(reverse("admin:coaches_waitingfamily_changelist")).content.decode()
    )


def test_a_balanced_suggestion_is_shown_and_applied_only_on_request(
    client, coordinator, waiting_family, city, django_capture_on_commit_callbacks
):
    other = FamilyFactory(city=city, district=waiting_family.district, status=Family.Status.MATCHING)
    other.household_languages.set([language("nl")])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(client, "suggest_balance", [waiting_family.pk, other.pk])
    run = BatchRun.objects.get()
    assert response.status_code == 302
    assert run.status == BatchRun.Status.DONE
    assert len(run.result["pairs"]) == 2
    assert not Match.objects.filter(status=Match.Status.PROPOSED).exists()  # never applied silently
    page = client.get(reverse("admin:coaches_waitingfamily_batch", args=[run.pk]))
    assert page.status_code == 200
    assert "Apply" in page.content.decode()
    client.post(reverse("admin:coaches_waitingfamily_batch_apply", args=[run.pk]))
    assert Match.objects.filter(status=Match.Status.PROPOSED, rank=1).count() == 2
    client.post(
        reverse("admin:coaches_waitingfamily_batch_apply", args=[run.pk])
    )  # a second click proposes nothing more
    assert Match.objects.filter(status=Match.Status.PROPOSED).count() == 2


def test_many_families_get_their_shortlists_in_a_batch_with_progress(
    client, coordinator, city, district, django_capture_on_commit_callbacks
):
    families = FamilyFactory.create_batch(11, city=city, district=district, status=Family.Status.MATCHING)
    for index in range(11):
        ReadyCoachFactory(city=city, display_name=f"Coach {index}", capacity=3)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _action(client, "propose_shortlist", [family.pk for family in families])
    run = BatchRun.objects.get(kind=BatchRun.Kind.SHORTLISTS)
    queued = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in queued and "0 of 11 families" in queued
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert response["Location"] == reverse("admin:coaches_waitingfamily_batch", args=[run.pk])
    assert run.status == BatchRun.Status.DONE and run.done == run.total == 11
    assert len(run.result["proposed"]) == 11
    assert client.get(response["Location"]).status_code == 200


def test_the_coordinator_closes_a_match_with_a_reason_and_an_exit_note(client, coordinator, coach, family):
    match = Match.objects.get(family=family, status=Match.Status.ACTIVE)
    client.force_login(coordinator)
    url = reverse("admin:coaches_match_changelist")
    form = client.post(url, {"action": "close", "_selected_action": [match.pk]})
    assert form.status_code == 200
    assert "Close these matches" in form.content.decode()
    client.post(
        url,
        {
            "action": "close",
            "_selected_action": [match.pk],
            "apply": "1",
            "reason": "family_moved",
            "exit_note": "Moved to Hasselt.",
        },
    )
    match.refresh_from_db()
    assert match.status == Match.Status.CLOSED
    assert (match.closure_reason, match.exit_note) == ("family_moved", "Moved to Hasselt.")


def test_people_other_than_coordinators_cannot_use_the_matching_desk(
    client, supporter, coach, waiting_family
):
    for person in (supporter, coach):
        client.force_login(person)
        response = client.get(reverse("admin:coaches_waitingfamily_changelist"))
        assert response.status_code == 403


def test_the_coordinator_records_the_childs_interests_at_the_matching_desk(
    client, coordinator, waiting_family
):
    client.force_login(coordinator)
    url = reverse("admin:coaches_waitingfamily_change", args=[waiting_family.pk])
    wishes = waiting_family.matching_wishes
    response = client.post(
        url,
        {
            "matching_wishes-TOTAL_FORMS": "1",
            "matching_wishes-INITIAL_FORMS": "1",
            "matching_wishes-MIN_NUM_FORMS": "0",
            "matching_wishes-MAX_NUM_FORMS": "1",
            "matching_wishes-0-id": str(wishes.pk),
            "matching_wishes-0-family": str(waiting_family.pk),
            "matching_wishes-0-child_interests": "swimming, lego",
            "matching_wishes-0-available_weekends": "on",
        },
    )
    assert response.status_code == 302
    wishes.refresh_from_db()
    assert (wishes.child_interests, wishes.available_weekends) == ("swimming, lego", True)


def test_a_coach_who_declined_no_longer_sees_the_familys_reference_district_or_languages(client, shortlist):
    family, matches = shortlist
    Match.objects.filter(pk=matches[1].pk).update(status=Match.Status.CHOSEN)
    client.force_login(matches[1].coach.user)
    url = reverse("proposals:respond", args=[matches[1].pk])
    assert family.reference in client.get(url).content.decode()  # chosen: the coach reads what to decide on
    client.post(url, {"answer": "decline"})
    body = client.get(url).content.decode()
    assert family.reference not in body
    assert str(family.district) not in body


def test_a_new_link_revokes_the_older_one_and_only_the_new_one_chooses(client, coordinator, shortlist, link):
    family, matches = shortlist
    _second, newer = proposal_link_create(family=family, actor=coordinator)

    refused = client.get(reverse("proposals:by_link", args=[link]))
    assert refused.status_code == 410
    assert "coaches/proposal_link_refused.html" in [template.name for template in refused.templates]
    with pytest.raises(CoachError):
        proposal_link_choose(token=link, match_id=matches[0].pk)

    assert client.get(reverse("proposals:by_link", args=[newer])).status_code == 200
    assert proposal_link_choose(token=newer, match_id=matches[0].pk).status == Match.Status.CHOSEN
    assert AuditEntry.objects.filter(action="coaches.proposal_link.revoked", actor=coordinator).count() == 1
