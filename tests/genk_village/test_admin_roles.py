"""A signed-in person without the coordinator role who opens /admin/ gets a 403 that points to their own
pages, instead of a loop between /admin/, /admin/login/ and the sign-in page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OWN_PAGE = {
    "coach": "/coach/",
    "supporter": "/challenges/",
    "referrer": "/referrals/",
    "steering": "/monitoring/",
    "captain": "/monitoring/",
}


@pytest.mark.parametrize("persona", list(OWN_PAGE))
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/?next=/admin/", "/admin/families/family/"])
def test_another_role_gets_a_403_with_a_link_to_its_own_pages(client, personas, persona, path):
    client.force_login(personas[persona])

    response = client.get(path)

    assert response.status_code == 403
    page = response.content.decode()
    assert "The back office is for coordinators" in page
    assert f'href="{OWN_PAGE[persona]}"' in page


def test_the_sign_in_page_no_longer_sends_a_signed_in_coach_back_into_the_loop(client, coach):
    client.force_login(coach)
    response = client.get(reverse("account_login"), {"next": "/admin/"}, follow=True)
    assert response.status_code == 403 and len(response.redirect_chain) <= 2


def test_anonymous_visitors_are_still_sent_to_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_a_coordinator_still_opens_the_back_office(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200
