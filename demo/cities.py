"""The cities the demo seeds: Genk, the pilot, by default, and any other by name (`seed_demo --city`).

Genk's demo accounts keep their addresses at example.org; every other city's people are at
`<role>@<slug>.example.org`, so no two cities' demo accounts can share an address. Each city has its
own districts, and its families their own reference prefix (GEN-0001, HAS-0001), in the format
`families.services.reference_for` gives every referral.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from families.services import reference_for

PILOT_NAME = "Genk"
PILOT_SLUG = "genk"

KNOWN_DISTRICTS = {
    "genk": (
        "Centrum",
        "Winterslag",
        "Waterschei",
        "Zwartberg",
        "Bokrijk",
        "Termien",
        "Boxbergheide",
        "Sledderlo",
        "Kolderbos",
        "Hoevenzavel",
        "Langerlo",
        "Gelieren",
        "Bret",
        "Sint-Martinus-Over",
        "Kattevennen",
    ),
    "hasselt": ("Centrum", "Kiewit", "Kuringen", "Stevoort", "Sint-Lambrechts-Herk", "Runkst"),
}
# A city the seeder knows nothing of gets districts named after the city and the points of the compass.
GENERATED_DISTRICTS = ("Centrum", "Noord", "Oost", "Zuid", "West")
POSTCODES = {"genk": "3600", "hasselt": "3500"}
GENK_PARTNER_ORGANISATIONS = (
    "Stad Genk",
    "OCMW Genk",
    "Huis van het Kind Genk",
    "Ziekenhuis Oost-Limburg",
    "Bedrijvenpark Genk-Zuid",
)


@dataclass(frozen=True)
class DemoCity:
    name: str
    slug: str

    @classmethod
    def named(cls, name: str | None) -> "DemoCity":
        """The city of that name; Genk when none is given (or when it is Genk's own)."""
        if name is None or slugify(name) == PILOT_SLUG:
            return cls(PILOT_NAME, PILOT_SLUG)
        slug = slugify(name)
        if not slug:
            raise ValueError(f"A city's name needs a letter or a digit: {name!r}.")
        return cls(name.strip(), slug)

    @property
    def is_pilot(self) -> bool:
        return self.slug == PILOT_SLUG

    @property
    def districts(self) -> tuple[str, ...]:
        known = KNOWN_DISTRICTS.get(self.slug)
        if known is not None:
            return known
        return tuple(f"{self.name} {direction}" for direction in GENERATED_DISTRICTS)

    @property
    def rng_key(self) -> tuple[str, ...]:
        """Mixed into every generator's seed, so a second city's people differ from Genk's."""
        return () if self.is_pilot else (self.slug,)

    def email(self, role: str) -> str:
        domain = "example.org" if self.is_pilot else f"{self.slug}.example.org"
        return f"{role}@{domain}"

    def coach_email(self, number: int) -> str:
        return self.email(f"coach{number}")

    def supporter_email(self, number: int) -> str:
        return self.email(f"supporter{number}")

    def reference(self, index: int) -> str:
        """GEN-0001 for the first family of Genk, HAS-0001 for Hasselt's: the format of a real referral."""
        return reference_for(self.slug, index + 1)

    def address(self, street: str, number: int) -> str:
        postcode = POSTCODES.get(self.slug)
        return f"{street} {number}, {postcode} {self.name}" if postcode else f"{street} {number}, {self.name}"

    @property
    def training_location(self) -> str:
        return f"Stadhuis {self.name}"

    @property
    def partner_organisations(self) -> tuple[str, ...]:
        if self.is_pilot:
            return GENK_PARTNER_ORGANISATIONS
        return (f"Stad {self.name}", f"OCMW {self.name}", f"Huis van het Kind {self.name}")


PILOT = DemoCity.named(None)
