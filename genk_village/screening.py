"""Free text that supporters read is screened: nothing in it may point at a family or reach it directly.

A coach writes a challenge or an offer in a hurry; a child's name, a phone number or a street and number
would tell every supporter of the city who the family is. `screen` lists what has to go, with a sentence
per problem. The core knows no domain app, so the caller passes the family's names.
"""

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Embedding, override and isolate controls, and the invisible direction marks: they can make a text
# read differently from how it is stored ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
MIN_NAME_LETTERS = 3
# Parts of a family name that are ordinary words on their own ("fiets van 20 inch").
NAME_PARTICLES = frozenset(
    ["van", "den", "der", "de", "del", "della", "di", "da", "dos", "des", "du", "le", "la", "el", "al", "ben",
     "bin", "ter", "ten", "von", "het", "op", "in", "t"]
)  # fmt: skip
PHONE_REGION = "BE"

_STREET_WORD = r"(?:straat|steenweg|laan|weg|plein|baan|dreef|lei|kaai|hof|pad)"
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-z])?\b"
_ADDRESS_PATTERNS = [
    # "Stalenstraat 32", "Kerkplein 3 bus 2", "Molenweg 7a"
    re.compile(rf"\b[^\W\d_]{{2,}}{_STREET_WORD}\s*,?\s+{_HOUSE_NUMBER}", re.IGNORECASE),
    # "32 Stalenstraat"
    re.compile(rf"\b\d{{1,4}}[a-z]?,?\s+[^\W\d_]{{2,}}{_STREET_WORD}\b", re.IGNORECASE),
    # "Weg naar As 12", "Steenweg op Leuven 4"
    re.compile(
        rf"\b[^\W\d_]*{_STREET_WORD}\s+(?:naar|op)\s+[^\d\n]{{1,40}}?\s{_HOUSE_NUMBER}",
        re.IGNORECASE,
    ),
    # "rue de la Gare 12", "avenue Louise 54", "chaussée de Mons 3"
    re.compile(
        rf"\b(?:rue|avenue|av\.|boulevard|bd|chaussée|chaussee|place|chemin|allée|allee|impasse|quai)\s+"
        rf"[^\d\n]{{1,40}}?\s{_HOUSE_NUMBER}",
        re.IGNORECASE,
    ),
]
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# YY.MM.DD-XXX.CC, with or without the dots, dash or spaces
_NATIONAL_NUMBER = re.compile(r"(?<!\d)\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}(?!\d)")


def _fold(text: str) -> str:
    """Compare without case or accents: "Hamiyét" and "HAMIYET" are "hamiyet"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def has_bidi_controls(text: str) -> bool:
    return any(c in BIDI_CONTROLS for c in text)


def no_bidi_controls(value: str) -> None:
    """A validator for titles and names: the invisible characters that turn text around are refused."""
    if has_bidi_controls(value or ""):
        raise ValidationError(
            _("Remove the invisible text-direction characters (for example, copied from another app)."),
            code="bidi_controls",
        )


def is_national_number(digits: str) -> bool:
    """A Belgian national register number: 9 digits and a check of 97 - (n mod 97), n with a "2" before
    it for people born from 2000."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    base, check = digits[:9], int(digits[9:])
    return check in {97 - int(base) % 97, 97 - int(f"2{base}") % 97}


def _names_found(text: str, names: Iterable[str]) -> list[str]:
    folded = _fold(text)
    found = []
    for name in names:
        name = (name or "").strip()
        parts = [name, *name.split()] if len(name.split()) > 1 else [name]
        for part in parts:
            key = _fold(part)
            letters = sum(c.isalpha() for c in key)
            if letters < MIN_NAME_LETTERS or key in NAME_PARTICLES:
                continue
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"
            if re.search(pattern, folded) and part not in found:
                found.append(part)
                break
    return found


def screen(text: str, *, field_label: str, names: Iterable[str] = ()) -> list[str]:
    """What in `text` must go before supporters may read it: one translated sentence per kind of problem,
    each naming the field. An empty list means the text may be published."""
    text = text or ""
    problems = []

    def refuse(message: str, found: Iterable[str] = ()) -> None:
        found = ", ".join(f"“{item}”" for item in found)
        problems.append(message % {"field": field_label, "found": found})

    names_found = _names_found(text, names)
    if names_found:
        refuse(
            _("%(field)s: remove the family's names (%(found)s); supporters never learn who it is."),
            names_found,
        )
    national = [
        m for m in _NATIONAL_NUMBER.finditer(text) if is_national_number(re.sub(r"\D", "", m.group()))
    ]
    if national:
        refuse(_("%(field)s: remove the national register number."))
    phones = [
        match.raw_string
        for match in phonenumbers.PhoneNumberMatcher(text, PHONE_REGION)
        if not any(m.start() < match.end and match.start < m.end() for m in national)
    ]
    if phones:
        message = _(
            "%(field)s: remove the phone number (%(found)s); supporters reach the family through its coach."
        )
        refuse(message, phones)
    emails = _EMAIL.findall(text)
    if emails:
        refuse(_("%(field)s: remove the e-mail address (%(found)s)."), emails)
    addresses = dict.fromkeys(m.group() for pattern in _ADDRESS_PATTERNS for m in pattern.finditer(text))
    if addresses:
        message = _(
            "%(field)s: remove the street and house number (%(found)s); supporters see the district only."
        )
        refuse(message, addresses)
    if has_bidi_controls(text):
        refuse(_("%(field)s: remove the invisible text-direction characters."))
    return problems


def screen_texts(texts: dict[str, str], *, names: Iterable[str] = ()) -> list[str]:
    """`screen` for several fields, keyed by their labels: every problem of every field."""
    names = list(names)
    return [
        problem
        for label, text in texts.items()
        for problem in screen(text, field_label=str(label), names=names)
    ]
