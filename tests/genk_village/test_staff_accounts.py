"""Only superusers manage staff accounts; a coordinator manages the coaches, supporters and referrers
of their own city and grants no staff role."""

import pytest

from tests.genk_village.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"password1": "a-new-Passw0rd-123", "password2": "a-new-Passw0rd-123"}


@pytest.fixture
def staff_of_the_city(city):
    return {
        "superuser": UserFactory(email="root@example.org", city=city, is_superuser=True, is_staff=True),
        "coordinator": UserFactory(email="colleague@example.org", city=city, is_coordinator=True),
        "steering": UserFactory(email="steer@example.org", city=city, is_steering=True),
        "captain": UserFactory(email="captain@example.org", city=city, is_captain=True),
    }


@pytest.mark.parametrize("role", ["superuser", "coordinator", "steering", "captain"])
def test_a_coordinator_cannot_set_the_password_of_a_staff_account(
    client, coordinator, staff_of_the_city, role
):
    target = staff_of_the_city[role]
    before = target.password
    client.force_login(coordinator)
    response = client.post(f"/admin/genk_village/user/{target.pk}/password/", NEW_PASSWORD)
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.password == before


def test_a_coordinator_cannot_change_or_delete_a_staff_account(client, coordinator, staff_of_the_city):
    target = staff_of_the_city["steering"]
    client.force_login(coordinator)
    page = client.get(f"/admin/genk_village/user/{target.pk}/change/").content.decode()
    assert 'name="email"' not in page  # shown to read, not to edit
    assert client.post(f"/admin/genk_village/user/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    assert target.email == "steer@example.org"


def test_a_coordinator_still_resets_a_coachs_password(client, coordinator, coach):
    client.force_login(coordinator)
    response = client.post(f"/admin/genk_village/user/{coach.pk}/password/", NEW_PASSWORD)
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.check_password(NEW_PASSWORD["password1"])


def test_a_coordinator_cannot_grant_a_staff_role(client, coordinator, coach):
    client.force_login(coordinator)
    page = client.get(f"/admin/genk_village/user/{coach.pk}/change/").content.decode()
    for flag in ("is_coordinator", "is_steering", "is_captain", "is_superuser"):
        assert f'name="{flag}"' not in page
    assert 'name="is_supporter"' in page


def test_a_superuser_still_manages_staff(client, staff_of_the_city):
    root = staff_of_the_city["superuser"]
    target = staff_of_the_city["coordinator"]
    client.force_login(root)
    response = client.post(f"/admin/genk_village/user/{target.pk}/password/", NEW_PASSWORD)
    assert response.status_code == 302
