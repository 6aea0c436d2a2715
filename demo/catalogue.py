"""What the demo data is made of: Genk's districts and communities, names, and the texts people write.

Texts are data in the pilot's working language (Dutch), not interface strings, so they are not
marked for translation. Nothing here names or labels a family in a way a supporter could see:
challenge titles say what is needed, never for whom.
"""

import random
from dataclasses import dataclass

from faker import Faker

CITY_NAME = "Genk"
CITY_SLUG = "genk"
REFERENCE_PREFIX = "GEN"

DISTRICTS = [
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
]


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


LANGUAGE_NAMES_NL = {
    "nl": "Nederlands",
    "fr": "Frans",
    "en": "Engels",
    "tr": "Turks",
    "it": "Italiaans",
    "ar": "Arabisch",
    "ber": "Berbers",
    "pl": "Pools",
    "bg": "Bulgaars",
    "el": "Grieks",
    "es": "Spaans",
}

STREETS = [
    "Hoogstraat",
    "Molenstraat",
    "Kerkstraat",
    "Stationsstraat",
    "Vennestraat",
    "Hasseltweg",
    "Noordlaan",
    "Zuiderring",
    "Mijnwerkerslaan",
    "Kolenweg",
    "Schachtplein",
    "Vijverstraat",
    "Heidestraat",
    "Bosdel",
    "Weg naar As",
    "Europalaan",
    "Dieplaan",
    "Sint-Martinusplein",
    "Winterslagstraat",
]

SCHOOLS = [
    "Basisschool De Regenboog",
    "Basisschool De Wegwijzer",
    "Sint-Jozefschool",
    "Basisschool Kameleon",
    "Vrije Basisschool De Bron",
    "Gemeentelijke Basisschool Zwartberg",
    "Basisschool 't Kompas",
    "Basisschool De Klimop",
]

REFERRER_ORGANISATION = "Basisschool De Regenboog"

PARTNER_ORGANISATIONS = [
    "Stad Genk",
    "OCMW Genk",
    "Huis van het Kind Genk",
    "Ziekenhuis Oost-Limburg",
    "Bedrijvenpark Genk-Zuid",
]

# What a five-year-old likes; some of it is what a coach likes too, which matching rewards.
CHILD_INTERESTS = [
    "voetbal",
    "tekenen",
    "dieren",
    "zwemmen",
    "muziek",
    "dansen",
    "knutselen",
    "fietsen",
    "lezen",
]

INTERESTS = [
    "voetbal",
    "koken",
    "fietsen",
    "muziek",
    "tuinieren",
    "lezen",
    "knutselen",
    "zwemmen",
    "wandelen in Bokrijk",
    "computers",
    "naaien",
    "schaken",
    "dansen",
    "vissen",
]

JOBS = [
    "leerkracht op rust",
    "verpleegkundige",
    "ingenieur",
    "student sociaal werk",
    "boekhouder",
    "buschauffeur",
    "gepensioneerd mijnwerker",
    "IT'er",
    "kinderverzorgster",
    "winkelbediende",
    "bediende bij de stad",
]

GROUP_NAMES = [
    "Voetbalclub Winterslag Sport",
    "Team Logistiek Genk-Zuid",
    "Klas 6A Basisschool De Regenboog",
    "Serviceclub Genk",
    "Zwemclub De Dolfijnen",
    "Fietsclub De Mijnwerkers",
    "Parochievrijwilligers Bret",
    "Personeelsclub Stadhuis",
    "Jeugdhuis De Kolenkit",
    "Scouts Sint-Martinus-Over",
    "Turnkring Zwartberg",
    "Buurtcomité Kolderbos",
    "Vrouwenvereniging Waterschei",
    "Studenten UCLL Genk",
]

GOALS = {
    "leisure": [
        ("Lid worden van een sportclub", "Proefles zwemmen in het stedelijk zwembad"),
        ("Elke week samen naar de bib", "Bibkaart aanvragen"),
        ("Meedoen met de speelpleinwerking in de zomer", "Inschrijven vóór mei"),
    ],
    "school": [
        ("Elke dag op tijd in de kleuterklas", "Ochtendritueel afspreken"),
        ("Inschrijving voor het eerste leerjaar", "Samen naar de infoavond"),
        ("Thuis Nederlands oefenen", "Voorleesboeken lenen"),
    ],
    "health": [
        ("Vaccinaties in orde brengen", "Afspraak bij Kind en Gezin"),
        ("Naar de tandarts", "Een tandarts zoeken die nieuwe patiënten neemt"),
        ("Elke dag een gezond ontbijt", "Boodschappen samen plannen"),
    ],
    "housing": [
        ("Vocht in de slaapkamer laten oplossen", "Brief aan de huisbaas opstellen"),
        ("Sociale woning aanvragen", "Documenten verzamelen"),
        ("Rustig plekje om te spelen en te leren", "Bureautje zoeken via een challenge"),
    ],
    "income_rights": [
        ("Schooltoeslag aanvragen", "Formulier samen invullen"),
        ("Verhoogde tegemoetkoming bij de mutualiteit", "Attest vragen bij het OCMW"),
        ("Overzicht van de vaste kosten", "Rekeningen samen overlopen"),
    ],
    "social_network": [
        ("Andere ouders van de klas leren kennen", "Samen naar het schoolfeest"),
        ("Meedoen met het buurtrestaurant", "Een datum kiezen"),
        ("Kennismaken met de buurtwerker", "Afspraak plannen"),
    ],
}

OFFERS = [
    ("Zelfgebakken koekjes voor het schoolfeest", "", "gift"),
    ("Kinderkleren maat 98–104", "Netjes en gewassen.", "gift"),
    ("Helpen vertalen Turks–Nederlands", "Voor een buur of een andere familie.", "swap"),
    ("Broeken korter maken", "Naaiwerk voor een kleine prijs.", "sale"),
    ("Kinderfiets 14 inch", "Uit te lenen voor de zomer.", "loan"),
    ("Helpen op het buurtfeest", "Opbouwen en opruimen.", "gift"),
    ("Couscous koken voor de buurtmaaltijd", "", "gift"),
    ("Speelgoed dat niet meer gebruikt wordt", "", "gift"),
    ("Autostoeltje voor een kleuter", "", "loan"),
]

CONTACT_NOTES = [
    "Samen de brieven van school overlopen.",
    "Kort telefoontje: alles goed.",
    "Huisbezoek, plan besproken.",
    "Samen naar de bib geweest.",
    "Oudercontact voorbereid.",
    "Bericht over de zwemles.",
    "",
    "Samen naar de speeltuin.",
    "Formulieren voor de schooltoeslag ingevuld.",
    "",
]

SUPPORT_QUESTIONS = [
    (
        "Hoe reageer ik als de familie afspraken vaak afzegt?",
        "Bespreek het open en zonder verwijt; spreek kortere, vaste momenten af. Lukt het niet, bel ons.",
    ),
    (
        "Waar kan de familie terecht met vragen over schulden?",
        "Bij de dienst budgetbegeleiding van het OCMW; de coördinator kan een eerste afspraak maken.",
    ),
    (
        "De mama vraagt of ik geld kan lenen. Wat doe ik?",
        "Leen geen geld; zoek samen naar een tegemoetkoming of plaats een challenge.",
    ),
    (
        "Welke sportclubs hebben een sociaal tarief?",
        "Vraag de UiTPAS met kansentarief aan; dan betaalt de familie een kwart van het lidgeld.",
    ),
    (
        "Hoe vind ik een tolk voor het oudercontact?",
        "Plaats een challenge in de categorie tolken, of vraag een sociaal tolk via de school.",
    ),
]

CHALLENGES = {
    "material": [
        ("Voetbalschoenen maat 31", "Voor de training op woensdag."),
        ("Winterjas maat 110/116", "Warm en waterdicht."),
        ("Kinderfiets met zijwieltjes", "Ongeveer 16 inch."),
        ("Boekentas voor het eerste leerjaar", ""),
        ("Klein bureau om aan te tekenen en te leren", ""),
        ("Prentenboeken voor een kleuter", "In het Nederlands."),
        ("Verkleedkostuum voor carnaval", "Maat 110."),
        ("Zwemgerief voor de zwemles", "Zwembroek, handdoek en zwembril."),
    ],
    "transport": [
        ("Rit naar CoderDojo op zaterdag", "Heen om 9.30 uur, terug om 12 uur."),
        ("Rit naar de zwemles", "Elke dinsdag na school, een maand lang."),
        ("Vervoer naar de voetbaltraining", ""),
        ("Rit naar een afspraak in het ziekenhuis", "Heen en terug, in de voormiddag."),
    ],
    "homework": [
        ("Voorlezen in het Nederlands", "Een uurtje per week."),
        ("Spelletjes om Nederlands te oefenen", "Op woensdagnamiddag."),
        ("Hulp bij de inschrijving voor de lagere school", ""),
    ],
    "interpreting": [
        ("Tolk Turks voor het oudercontact", "Ongeveer 20 minuten, op school."),
        ("Tolk Arabisch bij de huisarts", ""),
        ("Hulp bij een brief van de mutualiteit", "Samen lezen en uitleggen."),
        ("Tolk Bulgaars voor een gesprek met de school", ""),
    ],
    "leisure": [
        ("Fietsles in het park", "Twee of drie keer een uurtje."),
        ("Samen naar de speeltuin in Bokrijk", ""),
        ("Begeleiding naar de muziekschool", "Op zaterdagvoormiddag."),
        ("Mee naar de schaatsbaan", ""),
    ],
    "sponsoring": [
        ("Sponsors voor de sponsorloop van de school", "Elke ronde telt."),
        ("Bijdrage voor de schooluitstap", ""),
        ("Lidgeld van de zwemclub", "Voor één seizoen."),
    ],
    "other": [
        ("Hulp bij het verhuizen", "Een paar dozen en een kast."),
        ("Een verjaardagsfeestje mee organiseren", ""),
        ("Hulp bij het invullen van formulieren", ""),
    ],
}
