"""Names for the demo's people: Genk's language communities and a pool of names for each.

Names come from Faker's locales where it has them, and from hand lists (in Latin script, as a Belgian
register writes them) where it has none; drawn once per run from the seed, so people are cheap to make.
"""

import random
from dataclasses import dataclass

from faker import Faker


@dataclass(frozen=True)
class Community:
    """A language community of Genk: where names come from and which languages a household speaks."""

    key: str
    weight: int
    locale: str | None  # a Faker locale, or None where hand lists give Latin-script names
    household_languages: tuple[tuple[str, ...], ...]
    interface_language: str  # one of settings.LANGUAGES


# Weights follow Genk's make-up roughly: a Dutch-speaking majority, the large Turkish and Italian
# communities of the mining years, Moroccan families, and newer arrivals from Poland, Bulgaria, Greece
# and Spain. Many Bulgarian newcomers in Genk speak Turkish at home, hence ("bg", "tr").
COMMUNITIES = [
    Community("dutch", 40, "nl_BE", (("nl",), ("nl", "fr"), ("nl", "en")), "nl"),
    Community("turkish", 20, "tr_TR", (("tr", "nl"), ("tr",)), "tr"),
    Community("italian", 12, "it_IT", (("it", "nl"), ("it", "nl", "fr")), "nl"),
    Community("moroccan", 12, None, (("ar", "nl"), ("ar", "fr", "nl"), ("ber", "ar", "nl")), "ar"),
    Community("polish", 5, "pl_PL", (("pl",), ("pl", "en"), ("pl", "nl")), "en"),
    Community("bulgarian", 5, None, (("bg", "tr"), ("bg",), ("tr", "bg", "nl")), "tr"),
    Community("greek", 3, None, (("el", "nl"),), "nl"),
    Community("spanish", 3, "es_ES", (("es", "nl"), ("es", "en")), "nl"),
]
COMMUNITY = {community.key: community for community in COMMUNITIES}

# Arabic, Bulgarian and Greek names as a Belgian register writes them: in Latin script.
HAND_NAMES = {
    "moroccan": {
        "female": [
            "Fatima",
            "Khadija",
            "Naima",
            "Samira",
            "Malika",
            "Amina",
            "Latifa",
            "Hafsa",
            "Yasmina",
            "Nadia",
            "Souad",
            "Imane",
            "Salma",
            "Loubna",
            "Zineb",
            "Aya",
            "Nour",
            "Lina",
            "Inaya",
        ],
        "male": [
            "Mohamed",
            "Ahmed",
            "Youssef",
            "Mustapha",
            "Rachid",
            "Hassan",
            "Karim",
            "Said",
            "Omar",
            "Bilal",
            "Hamza",
            "Anas",
            "Ayoub",
            "Driss",
            "Nordin",
            "Adam",
            "Rayan",
            "Ilyas",
            "Amir",
        ],
        "last": [
            "El Amrani",
            "Bouzid",
            "El Idrissi",
            "Benali",
            "Ouali",
            "Azzouzi",
            "El Khattabi",
            "Boukhari",
            "Tahiri",
            "Chakir",
            "Ziani",
            "El Ouardi",
            "Haddouchi",
            "Bakkali",
            "Mahdaoui",
            "Ait Ouali",
        ],
    },
    "bulgarian": {
        "female": [
            "Maria",
            "Ivanka",
            "Elena",
            "Desislava",
            "Gergana",
            "Silviya",
            "Radka",
            "Nadezhda",
            "Aylin",
            "Emine",
            "Fatme",
            "Sevgi",
            "Yoana",
            "Viktoria",
        ],
        "male": [
            "Georgi",
            "Ivan",
            "Dimitar",
            "Nikolay",
            "Stoyan",
            "Hristo",
            "Petar",
            "Mehmed",
            "Ismail",
            "Ali",
            "Hasan",
            "Kaloyan",
            "Martin",
            "Emre",
        ],
        "last": [
            "Ivanov",
            "Georgiev",
            "Dimitrov",
            "Petrov",
            "Yordanov",
            "Hasanov",
            "Mehmedov",
            "Aliev",
            "Stoyanov",
            "Kolev",
            "Todorov",
            "Angelov",
        ],
    },
    "greek": {
        "female": ["Maria", "Eleni", "Katerina", "Vasiliki", "Sofia", "Georgia", "Despina", "Anastasia"],
        "male": ["Giorgos", "Dimitris", "Nikos", "Kostas", "Yannis", "Christos", "Panagiotis", "Vasilis"],
        # surnames in -ou are the same for women and men
        "last": [
            "Georgiou",
            "Oikonomou",
            "Dimitriou",
            "Nikolaou",
            "Christou",
            "Ioannou",
            "Papadopoulou",
            "Antoniou",
            "Konstantinou",
            "Athanasiou",
        ],
    },
}


@dataclass
class NamePools:
    female: list[str]
    male: list[str]
    last_female: list[str]
    last_male: list[str]


def build_name_pools(seed: int, size: int = 40) -> dict[str, NamePools]:
    """Name pools per community, drawn once from Faker (seeded) so that people are cheap to make."""
    pools = {}
    for community in COMMUNITIES:
        if community.locale is None:
            hand = HAND_NAMES[community.key]
            female_last = [_feminine_surname(community.key, name) for name in hand["last"]]
            pools[community.key] = NamePools(hand["female"], hand["male"], female_last, hand["last"])
            continue
        fake = Faker(community.locale)
        fake.seed_instance(seed)
        pools[community.key] = NamePools(
            female=_unique(fake.first_name_female for _ in range(size)),
            male=_unique(fake.first_name_male for _ in range(size)),
            last_female=_unique(fake.last_name_female for _ in range(size)),
            last_male=_unique(fake.last_name_male for _ in range(size)),
        )
    return pools


def _unique(makers) -> list[str]:
    return list(dict.fromkeys(make() for make in makers))


def _feminine_surname(community: str, surname: str) -> str:
    # Bulgarian surnames in -ov/-ev take -a for women (Ivanov, Ivanova).
    if community == "bulgarian" and surname.endswith(("ov", "ev")):
        return surname + "a"
    return surname


def pick_community(rng: random.Random) -> Community:
    return rng.choices(COMMUNITIES, weights=[community.weight for community in COMMUNITIES])[0]
