"""What the demo's records say: streets, schools, interests, goals, offers and the texts people write.

Texts are data in the pilot's working language (Dutch), not interface strings, so they are not
marked for translation. Nothing here names or labels a family in a way a supporter could see:
challenge titles say what is needed, never for whom. Cities and districts are in `cities`, names
in `names`.
"""

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
