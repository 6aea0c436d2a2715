"""The UiTdatabank client and the nightly import, against a local server that answers like the Search API
v3: paging, languages, missing fields, 429/5xx and slow answers, idempotence, and no family data sent."""

import decimal
import urllib.parse

import pytest

from leisure.importing import import_city
from leisure.models import Activity, Catalogue, Kind, Participation
from leisure.tasks import refresh_activity_catalogues
from leisure.uitdatabank import Client, UitdatabankError
from tests.genk_village.factories import CityFactory, DistrictFactory
from tests.leisure.factories import CatalogueFactory

from .uitdatabank_server import FakeSearchApi, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    server = FakeSearchApi().start()
    settings.UITDATABANK_SEARCH_URL = server.url
    settings.UITDATABANK_CLIENT_ID = "test-client"
    settings.UITDATABANK_TIMEOUT_SECONDS = 0.5
    settings.UITDATABANK_RETRIES = 3
    settings.UITDATABANK_BACKOFF_SECONDS = 0
    yield server
    server.stop()


@pytest.fixture
def catalogue(city, district):
    return CatalogueFactory(city=city, postal_codes="3600")


def test_every_page_is_read_and_each_event_becomes_one_activity(api, catalogue, city, district):
    api.documents["events"] = [event(n) for n in range(120)]

    result = import_city(city)

    assert (result.created, result.updated, result.withdrawn) == (120, 0, 0)
    event_pages = [r for r in api.requests if r["endpoint"] == "events"]
    assert [r["query"]["start"] for r in event_pages] == [["0"], ["50"], ["100"]]
    swim = Activity.objects.get(external_id="00000000-0000-0000-0000-000000000007")
    assert swim.name == "Zwemlessen voor kleuters 7"
    assert swim.name_fr == "Cours de natation 7"
    assert swim.name_in("fr") == "Cours de natation 7"
    assert swim.name_in("tr") == swim.name  # no Turkish at the source: the Dutch name
    assert swim.kind == Kind.SWIMMING
    assert (swim.min_age, swim.max_age) == (4, 7)
    assert (swim.weekdays, swim.time) == ("2", "14:00–14:45")
    assert swim.season == "01/09/2026–30/06/2027"
    assert swim.price == decimal.Decimal("120.00")
    assert swim.uitpas_reduced_rate is True
    assert swim.district == district  # "Zwembad Winterslag" is in Winterslag
    assert swim.organiser == "Zwemclub De Dolfijn"
    assert swim.url == "https://dolfijn.example.org/inschrijven/7"


def test_documents_with_missing_fields_are_read_and_what_is_not_a_regular_activity_is_left_out(
    api, catalogue, city
):
    api.documents["events"] = [
        event(1, calendarType="single"),  # a one-off show is not a regular activity
        event(2, workflowStatus="DELETED"),
        event(3, status={"type": "Unavailable"}),
        {"@type": "Event", "name": {"nl": "Zonder id"}, "calendarType": "periodic"},
        {
            "@id": "https://io.uitdatabank.be/event/bare",
            "@type": "Event",
            "name": "Muziekatelier",  # older documents: a plain string
            "calendarType": "permanent",
        },
    ]
    api.documents["places"] = [
        {"@id": "https://io.uitdatabank.be/place/sojo", "@type": "Place", "name": {"nl": "Jeugdhuis Sojo"},
         "address": {"addressCountry": "BE", "addressLocality": "Genk", "postalCode": "3600"},
         "typicalAgeRange": "-", "labels": ["UiTPAS Genk"]},
    ]  # fmt: skip

    import_city(city)

    assert set(Activity.objects.values_list("external_id", flat=True)) == {"bare", "sojo"}
    bare = Activity.objects.get(external_id="bare")
    assert (bare.name, bare.kind, bare.min_age, bare.max_age, bare.price) == (
        "Muziekatelier",
        Kind.MUSIC,
        None,
        None,
        None,
    )
    assert (bare.weekdays, bare.season, bare.place, bare.url) == ("", "", "", "")
    sojo = Activity.objects.get(external_id="sojo")
    assert (sojo.kind, sojo.postal_code, sojo.uitpas_reduced_rate) == (Kind.YOUTH_MOVEMENT, "3600", True)


@pytest.mark.parametrize(
    "failures",
    [
        [(429, {"Retry-After": "0"})],
        [(503, {}), (502, {})],
        [("slow", 1.5)],  # longer than the 0.5 s timeout: given up on, asked again
    ],
    ids=["429", "5xx", "slow"],
)
def test_a_busy_or_slow_answer_is_asked_again_and_the_import_completes(api, catalogue, city, failures):
    api.documents["events"] = [event(1)]
    api.failures["events"] = list(failures)

    result = import_city(city)

    assert result.created == 1
    assert len([r for r in api.requests if r["endpoint"] == "events"]) == len(failures) + 1


def test_a_source_that_keeps_failing_changes_nothing_and_the_error_is_recorded(api, catalogue, city):
    api.documents["events"] = [event(1)]
    import_city(city)
    api.failures["events"] = [(500, {})] * 5

    with pytest.raises(UitdatabankError, match="events: HTTP 500"):
        import_city(city)

    catalogue.refresh_from_db()
    assert catalogue.last_error == "events: HTTP 500"
    assert Activity.objects.get().active  # not withdrawn on a failed run


def test_the_import_is_idempotent_and_withdraws_what_the_source_dropped(api, catalogue, city, family):
    api.documents["events"] = [event(n) for n in range(5)]
    first = import_city(city)
    rows = list(Activity.objects.order_by("pk").values())

    second = import_city(city)

    assert (first.created, second.created, second.updated, second.withdrawn) == (5, 0, 0, 0)
    assert list(Activity.objects.order_by("pk").values()) == rows
    dropped = Activity.objects.get(external_id=event(4)["@id"].rsplit("/", 1)[-1])
    Participation.objects.create(child=family.children.get(), activity=dropped)
    api.documents["events"] = [event(n) for n in range(4)] + [event(9)]
    api.documents["events"][0]["name"] = {"nl": "Zwemlessen, nieuwe naam"}

    third = import_city(city)

    assert (third.created, third.updated, third.withdrawn) == (1, 1, 1)
    dropped.refresh_from_db()
    assert dropped.active is False and dropped.participations.count() == 1  # kept for its participation
    assert Activity.objects.filter(city=city, active=True).count() == 5


def test_no_request_carries_anything_about_a_family(api, catalogue, city, family):
    child = family.children.get()
    guardian = family.guardians.get()
    api.documents["events"] = [event(1)]

    import_city(city)

    sent = urllib.parse.unquote_plus(" ".join(f"{r['path']} {r['headers']}" for r in api.requests))
    private = [family.family_name, family.address, family.reference, child.first_name, guardian.first_name,
               guardian.phone, str(child.birth_date)]  # fmt: skip
    for value in private:
        assert value not in sent
    for request in api.requests:
        assert set(request["query"]) <= {"q", "embed", "limit", "start", "embedUitpasPrices"}
        assert request["query"]["q"] == ["address.\\*.postalCode:(3600) AND typicalAgeRange:[4 TO 9]"]


def test_without_a_client_id_the_nightly_job_asks_nothing(api, catalogue, settings):
    settings.UITDATABANK_CLIENT_ID = ""

    assert refresh_activity_catalogues() == {}
    assert api.requests == []


def test_the_nightly_job_goes_on_with_the_next_city_when_one_fails(api, catalogue, city):
    other = CityFactory(name="Hasselt", slug="hasselt")
    DistrictFactory(city=other, name="Kiewit")
    Catalogue.objects.create(city=other, postal_codes="3500")
    api.documents["events"] = [event(1)]
    api.failures["events"] = [(500, {})] * 4  # the first city asked uses up every retry

    outcome = refresh_activity_catalogues()

    assert sorted(outcome.values()) == ["1 new, 0 updated, 0 withdrawn", "failed: events: HTTP 500"]


def test_the_client_sends_its_id_in_the_header(api):
    api.documents["places"] = []
    client = Client(base_url=api.url, client_id="test-client", timeout=1, retries=0, backoff=0)

    assert list(client.search("places", postal_codes=["3600"], ages=(4, 9))) == []
    assert api.requests[0]["headers"]["x-client-id"] == "test-client"
