"""The family's shortlist page at the matching desk: which coaches were proposed and why, and the
one-time link, readable only in the answer that issued it, to copy, print or send to a guardian by
e-mail or SMS in the family's language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coaches.models import Match, ProposalLink
from coaches.services import match_propose_shortlist, proposal_link_resolve
from families.models import Family
from genk_village.models import AuditEntry
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory, GuardianFactory
from tests.genk_village.factories import language

pytestmark = pytest.mark.django_db

LINK = re.compile(r'id="link-url"[^>]*value="(?P<url>[^"]+)"|value="(?P<url2>[^"]+)"[^>]*id="link-url"')


class RecordingSms:
    """The SMS edge, recorded: what would have gone to the operator."""

    sent: list[dict] = []

    def send(self, *, to: str, text: str) -> None:
        RecordingSms.sent.append({"to": to, "text": text})


@pytest.fixture
def proposed_family(city, district, coordinator):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING, reference="GEN-0042")
    family.household_languages.set([language("tr")])
    GuardianFactory(family=family, first_name="Ayse", phone="+32 470 12 34 56", email="ayse@example.org")
    for name, code in (("Zeynep", "tr"), ("Bart", "nl"), ("Chris", "nl")):
        ReadyCoachFactory(city=city, display_name=name).languages.set([language(code)])
    match_propose_shortlist(family=family, actor=coordinator)
    return family


def _url(family) -> str:
    return reverse("admin:coaches_waitingfamily_shortlist", args=[family.pk])


def _link_on(page: str) -> str:
    found = LINK.search(page)
    assert found, "no link field on the page"
    return found["url"] or found["url2"]


def test_the_page_shows_each_proposed_coach_with_the_ranking_s_reasons(client, coordinator, proposed_family):
    client.force_login(coordinator)

    response = client.get(_url(proposed_family))

    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Zeynep", "Bart", "Chris"):
        assert name in page
    assert "Speaks Türkçe, spoken in the household." in page  # Zeynep's reason
    assert "Speaks none of the household&#x27;s languages." in page  # the other two
    assert page.index("Zeynep") < page.index("Bart")  # in shortlist order
    assert 'id="link-url"' not in page  # no link is shown before one is issued
    viewed = AuditEntry.objects.filter(action="families.family.viewed", actor=coordinator)
    assert ["proposals"] in [entry.fields for entry in viewed]


def test_issuing_a_link_shows_it_once_to_copy_and_print_and_never_again(client, coordinator, proposed_family):
    client.force_login(coordinator)

    issued = client.post(_url(proposed_family), {"do": "issue"})

    page = issued.content.decode()
    url = _link_on(page)
    assert issued.status_code == 200
    assert "/proposals/link/" in url
    assert "readonly" in page and "data-copy" in page and "data-print" in page
    assert "Koçunuzu seçin" in page  # the card that goes home is in the household's language
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert proposal_link_resolve(token=token).family == proposed_family
    again = client.get(_url(proposed_family)).content.decode()
    assert token not in again and 'id="link-url"' not in again


def test_a_new_link_stops_the_old_one(client, coordinator, proposed_family):
    client.force_login(coordinator)
    first = _link_on(client.post(_url(proposed_family), {"do": "issue"}).content.decode())

    second = _link_on(client.post(_url(proposed_family), {"do": "issue"}).content.decode())

    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert ProposalLink.objects.filter(family=proposed_family).count() == 2


def test_the_link_is_e_mailed_to_the_guardian_in_the_family_s_language(client, coordinator, proposed_family):
    client.force_login(coordinator)
    page = client.post(_url(proposed_family), {"do": "issue"}).content.decode()
    url = _link_on(page)
    guardian = proposed_family.guardians.get()

    sent = client.post(
        _url(proposed_family),
        {"do": "send", "token": url.rstrip("/").rsplit("/", 1)[1], "recipient": f"email:{guardian.pk}"},
    )

    assert sent.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayse@example.org"]
    assert url in message.body
    assert "Ailenizin koçunu seçin" in message.subject  # Turkish, the household's language
    assert AuditEntry.objects.filter(action="coaches.proposal_link.sent_by_email").exists()
    assert "ayse@example.org" not in str(list(AuditEntry.objects.values_list("fields", flat=True)))


def test_the_link_is_sent_by_sms_through_the_sms_backend(client, coordinator, proposed_family, settings):
    settings.SMS_BACKEND = "tests.coaches.test_shortlist_page.RecordingSms"
    RecordingSms.sent = []
    client.force_login(coordinator)
    url = _link_on(client.post(_url(proposed_family), {"do": "issue"}).content.decode())
    guardian = proposed_family.guardians.get()

    client.post(
        _url(proposed_family),
        {"do": "send", "token": url.rstrip("/").rsplit("/", 1)[1], "recipient": f"sms:{guardian.pk}"},
    )

    assert len(RecordingSms.sent) == 1
    assert RecordingSms.sent[0]["to"] == "+32 470 12 34 56"
    assert url in RecordingSms.sent[0]["text"]
    assert not mail.outbox


def test_a_link_of_another_family_is_not_sent(client, coordinator, proposed_family, city, district):
    other = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    other.household_languages.set([language("nl")])
    match_propose_shortlist(family=other, actor=coordinator)
    client.force_login(coordinator)
    other_url = _link_on(client.post(_url(other), {"do": "issue"}).content.decode())
    guardian = proposed_family.guardians.get()

    refused = client.post(
        _url(proposed_family),
        {"do": "send", "token": other_url.rstrip("/").rsplit("/", 1)[1], "recipient": f"email:{guardian.pk}"},
    )

    assert refused.status_code == 400
    assert not mail.outbox


def test_a_spent_link_is_not_sent(client, coordinator, proposed_family):
    client.force_login(coordinator)
    url = _link_on(client.post(_url(proposed_family), {"do": "issue"}).content.decode())
    match = Match.objects.filter(family=proposed_family, status=Match.Status.PROPOSED).first()
    client.post(url, {"match": match.pk, "confirmed": "on"})
    guardian = proposed_family.guardians.get()

    refused = client.post(
        _url(proposed_family),
        {"do": "send", "token": url.rstrip("/").rsplit("/", 1)[1], "recipient": f"email:{guardian.pk}"},
    )

    assert refused.status_code == 400
    assert not [message for message in mail.outbox if url in message.body]


def test_no_link_is_issued_before_a_shortlist(client, coordinator, city, district):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    client.force_login(coordinator)

    refused = client.post(_url(family), {"do": "issue"})

    assert refused.status_code == 400
    assert not ProposalLink.objects.filter(family=family).exists()


def test_the_create_link_action_for_one_family_opens_its_page_with_the_link(
    client, coordinator, proposed_family
):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:coaches_waitingfamily_changelist"),
        {"action": "create_link", "_selected_action": [str(proposed_family.pk)]},
    )

    assert response.status_code == 200
    assert "/proposals/link/" in _link_on(response.content.decode())


@pytest.mark.parametrize("persona", ["anonymous", "coach", "supporter", "steering", "referrer"])
def test_people_without_the_coordinator_role_cannot_open_or_post_the_page(
    client, personas, persona, proposed_family
):
    user = personas[persona]
    if user.is_authenticated:
        client.force_login(user)

    assert client.get(_url(proposed_family)).status_code in {302, 403}
    assert client.post(_url(proposed_family), {"do": "issue"}).status_code in {302, 403}
    assert not ProposalLink.objects.filter(family=proposed_family).exists()


def test_a_coordinator_of_another_city_cannot_open_the_page(client, other_coordinator, proposed_family):
    client.force_login(other_coordinator)

    assert client.get(_url(proposed_family)).status_code == 404
    assert client.post(_url(proposed_family), {"do": "issue"}).status_code == 404
    assert not ProposalLink.objects.filter(family=proposed_family).exists()
