"""A small client of publiq's UiTdatabank Search API v3: the leisure offer of Flanders, read-only.

Only what a search needs is sent: the city's postal codes and an age range, never anything about a family.
Timeouts, 429 and 5xx answers are retried with exponential backoff (urllib3's Retry, which honours a
Retry-After header); what still fails raises `UitdatabankError`, which the nightly import records, so that
no page ever waits for, or breaks on, the outside API.

Documents are JSON-LD (`@id`, `name` per language, `terms`, `typicalAgeRange`, `calendarType`,
`openingHours`, `priceInfo`, `location`/`address`); results come in pages (`start`, `limit`, `totalItems`,
`member`).
"""

import datetime
import decimal
import re
from collections.abc import Iterator
from dataclasses import dataclass

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .models import NAME_LANGUAGES, Kind

# Only regular activities belong in the catalogue: a one-off event is not "a regular leisure activity".
REGULAR_CALENDARS = {"periodic", "permanent", "multiple"}
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# What the source's event types and themes say, in words that decide our kind (first match wins).
KIND_WORDS = [
    (Kind.SWIMMING, ("zwem", "swim", "natation")),
    (Kind.YOUTH_MOVEMENT, ("jeugdbeweging", "jeugdhuis", "scouts", "chiro", "speelplein")),
    (Kind.MUSIC, ("muziek", "music", "concert", "dans", "zang")),
    (Kind.ARTS, ("beeldend", "kunst", "knutsel", "tekenen", "theater", "atelier")),
    (Kind.SPORT, ("sport", "beweging", "voetbal", "turnen", "judo", "atletiek", "fiets")),
    (Kind.PLAY, ("spel", "speel", "kamp", "vakantie")),
]


class UitdatabankError(Exception):
    """The search could not be completed; the message names the endpoint and what went wrong."""


@dataclass(frozen=True)
class Found:
    """One activity as the source describes it, in our terms."""

    external_id: str
    names: dict[str, str]
    kind: str
    organiser: str
    place: str
    postal_code: str
    locality: str
    min_age: int | None
    max_age: int | None
    weekdays: str
    time: str
    season: str
    price: decimal.Decimal | None
    uitpas_reduced_rate: bool
    url: str


class Client:
    def __init__(
        self, *, base_url: str, client_id: str, timeout: float, retries: int, backoff: float
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(
            {"x-client-id": client_id, "Accept": "application/json", "User-Agent": "GenkVillage/1"}
        )
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session.mount(self.base_url, HTTPAdapter(max_retries=retry))

    @classmethod
    def from_settings(cls) -> "Client":
        return cls(
            base_url=settings.UITDATABANK_SEARCH_URL,
            client_id=settings.UITDATABANK_CLIENT_ID,
            timeout=settings.UITDATABANK_TIMEOUT_SECONDS,
            retries=settings.UITDATABANK_RETRIES,
            backoff=settings.UITDATABANK_BACKOFF_SECONDS,
        )

    def search(
        self, endpoint: str, *, postal_codes: list[str], ages: tuple[int, int], page_size: int = 50
    ) -> Iterator[dict]:
        """Every document of `endpoint` ("events" or "places") in these postal codes for these ages."""
        places = " OR ".join(postal_codes)
        query = f"address.\\*.postalCode:({places}) AND typicalAgeRange:[{ages[0]} TO {ages[1]}]"
        params = {"q": query, "embed": "true", "limit": page_size, "start": 0}
        if endpoint == "events":
            params["embedUitpasPrices"] = "true"
        for _page in range(settings.UITDATABANK_MAX_PAGES):
            page = self._get(endpoint, params)
            members = [m for m in page.get("member") or [] if isinstance(m, dict)]
            yield from members
            params["start"] += len(members)
            if not members or params["start"] >= int(page.get("totalItems") or 0):
                return

    def _get(self, endpoint: str, params: dict) -> dict:
        try:
            response = self.session.get(self.base_url + endpoint + "/", params=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise UitdatabankError(f"{endpoint}: {type(error).__name__}") from error
        if response.status_code != 200:
            raise UitdatabankError(f"{endpoint}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise UitdatabankError(f"{endpoint}: not JSON") from error


def _text(value, language: str = "nl") -> str:
    """A field that is either a string or a {language: string} map (older documents have plain strings)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        chosen = value.get(language) or next((v for v in value.values() if isinstance(v, str) and v), "")
        return chosen.strip() if isinstance(chosen, str) else ""
    return ""


def _address(doc: dict) -> dict:
    address = doc.get("address") or {}
    if "postalCode" not in address:  # addresses may be given per language: {"nl": {...}}
        address = address.get(doc.get("mainLanguage") or "nl") or next(iter(address.values()), {})
    return address if isinstance(address, dict) else {}


def _ages(value: str | None) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"(\d*)-(\d*)", (value or "").strip())
    if not match:
        return None, None
    low, high = (int(part) if part else None for part in match.groups())
    return (None if low == 0 else low), high


def _kind(doc: dict) -> str:
    words = " ".join(
        [_text(term.get("label")) for term in doc.get("terms") or [] if isinstance(term, dict)]
        + [_text(doc.get("name"))]
    ).lower()
    return next((kind for kind, stems in KIND_WORDS if any(stem in words for stem in stems)), Kind.OTHER)


def _schedule(doc: dict) -> tuple[str, str]:
    """The weekdays (as digits, Monday 0) and a time, from the opening hours or the sub-events."""
    days: set[int] = set()
    times: set[str] = set()
    for hours in doc.get("openingHours") or []:
        for day in hours.get("dayOfWeek") or []:
            if day in DAY_NAMES:
                days.add(DAY_NAMES.index(day))
        if hours.get("opens") and hours.get("closes"):
            times.add(f"{hours['opens']}–{hours['closes']}")
    for sub in doc.get("subEvent") or []:
        start, end = _moment(sub.get("startDate")), _moment(sub.get("endDate"))
        if start:
            days.add(start.weekday())
            times.add(f"{start:%H:%M}–{end:%H:%M}" if end else f"{start:%H:%M}")
    return "".join(str(day) for day in sorted(days)), (times.pop() if len(times) == 1 else "")


def _moment(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _season(doc: dict) -> str:
    start, end = _moment(doc.get("startDate")), _moment(doc.get("endDate"))
    if doc.get("calendarType") == "permanent" or not (start and end):
        return ""
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


def _prices(doc: dict) -> tuple[decimal.Decimal | None, bool]:
    base, uitpas = None, False
    for price in doc.get("priceInfo") or []:
        if price.get("category") == "base" and price.get("price") is not None:
            base = decimal.Decimal(str(price["price"])).quantize(decimal.Decimal("0.01"))
        elif price.get("category") == "uitpas":
            uitpas = True
    labels = [label for label in doc.get("labels") or [] if isinstance(label, str)]
    return base, uitpas or any(label.lower().startswith("uitpas") for label in labels)


def parse(doc: dict) -> Found | None:
    """Our reading of one event or place; None for what is not a regular, available activity."""
    external_id = str(doc.get("@id") or "").rstrip("/").rsplit("/", 1)[-1]
    raw = doc.get("name")
    names = {}
    if isinstance(raw, dict):
        names = {
            lang: raw[lang].strip()
            for lang in NAME_LANGUAGES
            if isinstance(raw.get(lang), str) and raw[lang].strip()
        }
    if "nl" not in names:
        names["nl"] = _text(raw, doc.get("mainLanguage") or "nl")
    if not external_id or not names["nl"]:
        return None
    if doc.get("@type") == "Event" and doc.get("calendarType") not in REGULAR_CALENDARS:
        return None
    if (doc.get("workflowStatus") or "READY_FOR_VALIDATION") in {"DELETED", "REJECTED", "DRAFT"}:
        return None
    if (doc.get("status") or {}).get("type") == "Unavailable":
        return None
    location = doc.get("location") if doc.get("@type") == "Event" else doc
    location = location if isinstance(location, dict) else {}
    address = _address(location)
    low, high = _ages(doc.get("typicalAgeRange"))
    weekdays, time = _schedule(doc)
    price, uitpas = _prices(doc)
    booking = doc.get("bookingInfo") or {}
    links = [link for link in doc.get("sameAs") or [] if isinstance(link, str) and link.startswith("http")]
    return Found(
        external_id=external_id[:100],
        names={lang: name[:200] for lang, name in names.items()},
        kind=_kind(doc),
        organiser=_text((doc.get("organizer") or {}).get("name"))[:200],
        place=(_text(location.get("name")) if location is not doc else "")[:200],
        postal_code=str(address.get("postalCode") or "")[:10],
        locality=_text(address.get("addressLocality")),
        min_age=low,
        max_age=high,
        weekdays=weekdays,
        time=time[:60],
        season=_season(doc),
        price=price,
        uitpas_reduced_rate=uitpas,
        url=(booking.get("url") if isinstance(booking.get("url"), str) else "")
        or (links[0] if links else ""),
    )
