"""Each person's language: the switcher, the stored choice of a signed-in person, and every e-mail
(supporter notifications, digests, coach reminders, the chosen coach's e-mail, allauth's) in the
recipient's language.

The e-mail tests run against a pseudo-French catalogue made from the project's own message list
("«fr» " before every string), so that they prove which language each e-mail was rendered in whatever
the state of the real translations.
"""

import datetime

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from challenges import tasks as challenge_tasks
from challenges.distribution import challenge_notify_fitting
from coaches import tasks as coach_tasks
from coaches.models import ContactLog, Match
from coaches.services import reminders_send_no_contact
from genk_village.language import user_language_set
from genk_village.models import User
from supporters.models import Notification
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import TEST_PASSWORD, UserFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

TAG = "«fr» "
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def pseudo_french(settings, tmp_path):
    """A French catalogue in which every project string reads "«fr» " + the English text."""
    source = polib.pofile(str(settings.BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "fr",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for entry in source:
        if entry.obsolete or not entry.msgid:
            continue
        tagged = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr=TAG + entry.msgid)
        if entry.msgid_plural:
            tagged.msgid_plural = entry.msgid_plural
            tagged.msgstr = ""
            tagged.msgstr_plural = {0: TAG + entry.msgid, 1: TAG + entry.msgid_plural}
        catalogue.append(tagged)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue.save_as_mofile(str(folder / "django.mo"))
    # The first of LOCALE_PATHS wins; changing the setting empties Django's translation cache.
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def _html_lang(response) -> str:
    page = response.content.decode()
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


# The switcher ------------------------------------------------------------------------------------


def test_the_switcher_names_each_language_in_itself_on_every_page(client):
    page = client.get(reverse("account_login")).content.decode()
    assert '<span dir="ltr"><span lang="nl">Taal</span> / <span lang="en">Language</span></span>' in page
    for code, name in [
        ("nl", "Nederlands"),
        ("en", "English"),
        ("fr", "Français"),
        ("tr", "Türkçe"),
        ("ar", "العربية"),
    ]:
        assert f'value="{code}"' in page and f'lang="{code}"' in page and f">{name}</button>" in page
    assert 'lang="ar" dir="rtl"' in page
    assert 'name="next" value="/accounts/login/"' in page


def test_an_anonymous_visitor_switches_to_arabic_and_back_on_the_same_page(client):
    response = client.post(reverse("language_switch"), {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert response.cookies[COOKIE].value == "ar"
    assert _html_lang(client.get("/accounts/login/")) == '<html lang="ar" dir="rtl">'

    client.post(reverse("language_switch"), {"language": "nl", "next": "/accounts/login/"})
    assert _html_lang(client.get("/accounts/login/")) == '<html lang="nl" dir="ltr">'


def test_the_switch_never_redirects_to_another_site(client):
    response = client.post(reverse("language_switch"), {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.url
    assert response.cookies[COOKIE].value == "fr"


def test_the_switch_takes_only_a_post_with_its_csrf_token(client):
    assert client.get(reverse("language_switch"), {"language": "fr"}).status_code == 405
    guarded = client.__class__(enforce_csrf_checks=True)
    assert guarded.post(reverse("language_switch"), {"language": "fr"}).status_code == 403


def test_a_signed_in_supporter_s_choice_is_stored_and_wins_over_cookie_and_browser(client, supporter):
    user_language_set(user=supporter, language="nl")
    client.force_login(supporter)
    response = client.post(
        reverse("language_switch"), {"language": "fr", "next": reverse("challenges:board")}
    )
    assert response.status_code == 302 and response.url == reverse("challenges:board")
    supporter.refresh_from_db()
    assert supporter.language == "fr"

    client.cookies[COOKIE] = "en"
    page = client.get(reverse("challenges:board"), HTTP_ACCEPT_LANGUAGE="tr")
    assert _html_lang(page) == '<html lang="fr" dir="ltr">'
    assert page.cookies[COOKIE].value == "fr"  # the cookie follows, for the pages after signing out


def test_signing_in_again_brings_back_the_stored_language(client, supporter):
    supporter.language = "tr"
    supporter.save(update_fields=["language"])
    client.cookies[COOKIE] = "nl"
    assert _html_lang(client.get("/accounts/login/")) == '<html lang="nl" dir="ltr">'
    client.force_login(supporter)
    assert _html_lang(client.get(reverse("challenges:board"))) == '<html lang="tr" dir="ltr">'


def test_the_signed_in_message_is_already_in_the_person_s_language(client, supporter):
    supporter.language = "fr"
    supporter.save(update_fields=["language"])
    client.cookies[COOKIE] = "nl"
    page = client.post(
        "/accounts/login/", {"login": supporter.email, "password": TEST_PASSWORD}, follow=True
    ).content.decode()
    with translation.override("fr"):
        said = render_to_string("account/messages/logged_in.txt", {"user": supporter}).strip()
    with translation.override("nl"):
        dutch = render_to_string("account/messages/logged_in.txt", {"user": supporter}).strip()
    assert said != dutch
    assert said in page and dutch not in page


def test_a_language_the_site_does_not_offer_changes_nothing(client, supporter):
    user_language_set(user=supporter, language="tr")
    client.force_login(supporter)
    client.post(reverse("language_switch"), {"language": "de", "next": "/"})
    supporter.refresh_from_db()
    assert supporter.language == "tr"
    user_language_set(user=supporter, language="xx")
    assert User.objects.get(pk=supporter.pk).language == "tr"


# E-mails in the recipient's language ---------------------------------------------------------------


def _helper(city, district, language: str, email: str):
    helper = SupporterFactory(city=city, categories=["material"], user__email=email)
    helper.districts.set([district])
    user_language_set(user=helper.user, language=language)
    return helper


def test_supporters_hear_of_a_fitting_challenge_each_in_their_own_language(
    city, family, pseudo_french, django_capture_on_commit_callbacks
):
    french = _helper(city, family.district, "fr", "amelie@example.org")
    dutch = _helper(city, family.district, "nl", "joke@example.org")
    challenge = ChallengeFactory(family=family, category="material", title="Winter coat")
    with django_capture_on_commit_callbacks(execute=True):
        assert challenge_notify_fitting(challenge=challenge) == 2

    sent = {message.to[0]: message for message in mail.outbox}
    to_french = sent[french.user.email]
    assert to_french.subject == TAG + "A challenge that fits you"
    assert to_french.body.startswith(TAG + "Winter coat, in ")
    assert TAG + "You get this e-mail because you chose" in to_french.body
    assert Notification.objects.get(user=french.user).title == TAG + "A challenge that fits you"

    to_dutch = sent[dutch.user.email]
    with translation.override("nl"):
        assert to_dutch.subject == gettext("A challenge that fits you")
    assert TAG not in to_dutch.subject + to_dutch.body


def test_the_daily_digest_is_in_the_supporter_s_language(
    city, family, pseudo_french, django_capture_on_commit_callbacks
):
    french = _helper(city, family.district, "fr", "amelie@example.org")
    ChallengeFactory(family=family, category="material", title="Winter coat")
    with django_capture_on_commit_callbacks(execute=True):
        assert challenge_tasks.send_digests() == 1

    (message,) = mail.outbox
    assert message.to == [french.user.email]
    assert message.subject == TAG + "Challenges that fit you today"
    assert message.body.startswith(f"- {TAG}Winter coat, in ")


def test_the_coach_s_reminder_is_in_the_coach_s_language(
    city, district, pseudo_french, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 3, 16)
    coach = ReadyCoachFactory(city=city, active_matches=1, user__email="camille@example.org")
    user_language_set(user=coach.user, language="fr")
    match = Match.objects.create(
        family=FamilyFactory(city=city, district=district, status="matched"),
        coach=coach,
        status=Match.Status.ACTIVE,
        started_on=today - datetime.timedelta(days=90),
    )
    ContactLog.objects.create(
        match=match, kind=ContactLog.Kind.VISIT, happened_on=today - datetime.timedelta(days=31)
    )

    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after the commit
        assert reminders_send_no_contact(today=today) == 1
    (message,) = mail.outbox
    assert message.subject == TAG + "Genk Village: time for a contact with your family?"
    assert message.body.startswith(TAG + "Hello ")


def test_the_chosen_coach_s_e_mail_is_in_the_coach_s_language(city, pseudo_french):
    coach = ReadyCoachFactory(city=city, user__email="camille@example.org")
    user_language_set(user=coach.user, language="fr")
    match = Match.objects.create(
        family=FamilyFactory(city=city), coach=coach, status=Match.Status.CHOSEN, chosen_at=timezone.now()
    )

    assert coach_tasks.notify_chosen_coach(match.pk) is True
    (message,) = mail.outbox
    assert message.subject == TAG + "Genk Village: a family chose you as their coach"
    assert message.body.startswith(TAG + "Hello ")


def test_the_password_reset_e_mail_is_in_the_account_s_language_not_the_page_s(client, city):
    person = UserFactory(city=city, email="amelie@example.org")
    user_language_set(user=person, language="fr")
    client.cookies[COOKIE] = "nl"  # asked for from a Dutch page

    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    with translation.override("fr"):
        subject = gettext("Password Reset Email")  # allauth's own French catalogue
    assert subject != "Password Reset Email"
    assert message.subject.endswith(subject)


def test_a_new_supporter_keeps_the_language_they_signed_up_in_and_gets_the_verification_in_it(client, city):
    client.cookies[COOKIE] = "fr"
    response = client.post(
        reverse("account_signup"),
        {"kind": "person", "display_name": "Amélie", "city": city.pk, "email": "amelie@example.org",
         "password1": "a-long-enough-secret-42", "password2": "a-long-enough-secret-42"},
    )  # fmt: skip
    assert response.status_code == 302
    assert User.objects.get(email="amelie@example.org").language == "fr"
    (message,) = mail.outbox
    with translation.override("fr"):
        subject = gettext("Please Confirm Your Email Address")
    assert subject != "Please Confirm Your Email Address"
    assert message.subject.endswith(subject)
