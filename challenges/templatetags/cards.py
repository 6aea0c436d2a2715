"""`{% board_cards challenges %}`: the board's cards, each rendered once for what it shows.

A card shows the challenge's own fields (`selectors.CARD_FIELDS`, the district's name among them) and
nothing of the supporter who reads it, except the CSRF token of its forms. So each card is rendered with
a stand-in for the token and cached under a digest of every value it shows, the language, and the
templates and catalogue it was made from: an edit, a pledge or a new deployment changes the key, so a
cached card is never stale, and nothing has to be invalidated. The reader's own token then replaces the
stand-in. At twenty cards a page this is most of what the board cost to render.
"""

import functools
import hashlib
import hmac
from operator import attrgetter
from pathlib import Path

from django import template
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..selectors import CARD_FIELDS

register = template.Library()

CARD_TEMPLATES = (
    "challenges/_card.html",
    "challenges/_report_form.html",
    "challenges/_report_reasons.html",
    "_pictogram.html",
)
CACHE_SECONDS = 24 * 3600  # a key never goes stale; this only bounds entries nobody asks for any more


@functools.cache
def _stand_in() -> str:
    """Where the reader's CSRF token goes: derived from the secret key, so no challenge text can hold it,
    and the same in every process that shares the cache."""
    return hmac.new(settings.SECRET_KEY.encode(), b"board-card-csrf", hashlib.sha256).hexdigest()


@functools.cache
def _made_of(language: str, locale_paths: tuple) -> str:
    """The card templates' sources and the language's catalogue, as a digest: part of every key."""
    digest = hashlib.sha256()
    for name in CARD_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for root in locale_paths:
        catalogue = Path(root) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(str(catalogue.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def _key(challenge, language: str) -> str:
    # every field the board reads for a card, "district__name" as challenge.district.name
    shown = tuple(attrgetter(field.replace("__", "."))(challenge) for field in CARD_FIELDS)
    made_of = _made_of(language, tuple(settings.LOCALE_PATHS))
    digest = hashlib.sha256(repr((made_of, language, shown)).encode()).hexdigest()
    return f"challenges:card:{digest}"


@register.simple_tag(takes_context=True)
def board_cards(context, challenges) -> SafeString:
    language = get_language()
    keys = [_key(challenge, language) for challenge in challenges]
    found = cache.get_many(keys)
    made = {}
    for challenge, key in zip(challenges, keys, strict=True):
        if key not in found:
            made[key] = found[key] = render_to_string(
                "challenges/_card.html",
                {"challenge": challenge, "notice": "", "notice_ok": False, "csrf_token": _stand_in()},
            )
    if made:
        cache.set_many(made, CACHE_SECONDS)
    cards = "".join(found[key] for key in keys)
    return mark_safe(cards.replace(_stand_in(), get_token(context["request"])))  # noqa: S308 (rendered cards)
