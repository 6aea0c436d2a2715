"""The nightly import of a city's offer from the UiTdatabank: idempotent, and never half-applied.

Each run asks for the programme's ages in the city's postal codes, creates or updates one activity per
source document, and takes out of the offer (never deletes: a participation may point at it) what the
source no longer lists. A failed run changes no activity and records its error on the catalogue.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from genk_village.models import City

from .models import Activity, Catalogue
from .uitdatabank import Client, Found, UitdatabankError, parse

# The match lasts up to three years after the programme's age: the offer covers those ages too.
YEARS_OF_A_MATCH = 3


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0


def programme_ages() -> tuple[int, int]:
    youngest, oldest = settings.PROGRAMME_AGE_YEARS
    return youngest, oldest + YEARS_OF_A_MATCH


def _district_id(city: City, found: Found, districts: dict[str, int]) -> int | None:
    """The district whose name the place or locality carries (Genk's venues are named after them)."""
    text = f"{found.place} {found.locality}".lower()
    return next((pk for name, pk in districts.items() if name in text), None)


def _fields(found: Found, district_id: int | None) -> dict:
    return {
        "name": found.names["nl"],
        **{f"name_{lang}": found.names.get(lang, "") for lang in ("fr", "en", "tr", "ar")},
        "kind": found.kind,
        "organiser": found.organiser,
        "place": found.place,
        "postal_code": found.postal_code,
        "district_id": district_id,
        "min_age": found.min_age,
        "max_age": found.max_age,
        "weekdays": found.weekdays,
        "time": found.time,
        "season": found.season,
        "price": found.price,
        "uitpas_reduced_rate": found.uitpas_reduced_rate,
        "url": found.url,
        "active": True,
    }


def import_city(city: City, client: Client | None = None) -> Imported:
    """Refresh `city`'s UiTdatabank activities; raises UitdatabankError (recorded) when the source fails."""
    catalogue = Catalogue.objects.get(city=city)
    client = client or Client.from_settings()
    districts = {d.name.lower(): d.pk for d in city.districts.all()}
    try:
        documents = [
            found
            for endpoint in ("events", "places")
            for doc in client.search(
                endpoint, postal_codes=catalogue.postal_code_list(), ages=programme_ages()
            )
            if (found := parse(doc)) is not None
        ]
    except UitdatabankError as error:
        Catalogue.objects.filter(pk=catalogue.pk).update(last_error=str(error)[:300])
        raise
    result = Imported()
    with transaction.atomic():
        existing = {
            a.external_id: a for a in Activity.objects.filter(city=city, source=Activity.Source.UITDATABANK)
        }
        seen = set()
        for found in documents:
            if found.external_id in seen:
                continue
            seen.add(found.external_id)
            fields = _fields(found, _district_id(city, found, districts))
            activity = existing.get(found.external_id)
            if activity is None:
                Activity.objects.create(
                    city=city, source=Activity.Source.UITDATABANK, external_id=found.external_id, **fields
                )
                result.created += 1
            elif any(getattr(activity, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(activity, name, value)
                activity.save()
                result.updated += 1
        result.withdrawn = (
            Activity.objects.filter(city=city, source=Activity.Source.UITDATABANK, active=True)
            .exclude(external_id__in=seen)
            .update(active=False)
        )
        Catalogue.objects.filter(pk=catalogue.pk).update(refreshed_at=timezone.now(), last_error="")
    return result
