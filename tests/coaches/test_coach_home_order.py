"""The coach's home puts what waits for them first: delivered help to confirm, then hand-overs to
arrange; a line with nothing to say is not shown, and no tile's word runs out of its box on a phone."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge
from supporters.models import Supporter
from tests.browser import sign_in
from tests.challenges.factories import ChallengeFactory

PHONE = {"width": 360, "height": 740}


def _held(family, supporter, status, title):
    now = timezone.now()
    return ChallengeFactory(
        family=family, title=title, status=status, claimant=Supporter.objects.get(user=supporter),
        claimed_at=now, delivered_at=now if status == Challenge.Status.DELIVERED else None,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_home_without_challenges_shows_no_line_of_zero_challenges(client, coach):
    client.force_login(coach)
    with translation.override("en"):
        page = client.get(reverse("coaches:home")).content.decode()
    assert "taken by" not in page and "challenges open" not in page and "0 challenge" not in page
    assert 'id="to-confirm"' not in page


@pytest.mark.django_db
def test_delivered_help_to_confirm_comes_first_and_only_claimed_ones_wait_for_a_hand_over(
    client, coach, family, supporter
):
    _held(family, supporter, Challenge.Status.DELIVERED, "Football shoes")
    _held(family, supporter, Challenge.Status.CLAIMED, "A ride to CoderDojo")
    ChallengeFactory(family=family, status=Challenge.Status.OPEN)
    client.force_login(coach)
    page = client.get(reverse("coaches:home")).content.decode()
    to_confirm = page.index('id="to-confirm"')
    assert to_confirm < page.index("Log a contact")
    section = page[to_confirm : page.index("</section>", to_confirm)]
    assert "1 challenge delivered: confirm it is done" in section
    assert reverse("coaches:challenge_list") in section
    assert "1 challenge taken by a supporter: arrange the hand-over" in page
    assert "1 challenge open" in page


@pytest.mark.django_db
def test_the_challenge_list_shows_delivered_then_claimed_then_the_rest_newest_first(
    client, coach, family, supporter
):
    delivered = _held(family, supporter, Challenge.Status.DELIVERED, "Delivered one")
    claimed = _held(family, supporter, Challenge.Status.CLAIMED, "Claimed one")
    newest = ChallengeFactory(family=family, title="Open one")
    client.force_login(coach)
    listed = list(client.get(reverse("coaches:challenge_list")).context["challenges"])
    assert listed == [delivered, claimed, newest]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/coach/contact/", "/coach/challenges/new/"])
def test_no_choice_tile_text_runs_out_of_its_box_at_360_px_in_dutch(page, live_server, coach, path):
    coach.language = "nl"
    coach.save(update_fields=["language"])
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, coach.email)
    page.goto(live_server.url + path)
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.pick')].filter(tile => {
             const box = tile.getBoundingClientRect();
             const text = tile.querySelector('span').getBoundingClientRect();
             return tile.scrollWidth > tile.clientWidth || text.right > box.right;
           }).map(tile => tile.textContent.trim())"""
    )
    assert overflowing == []
    assert page.locator(".pick", has_text="Telefoongesprek").count() == (path == "/coach/contact/")
