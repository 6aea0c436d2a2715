"""`{% board_cards challenges %}` and `{% board_filter_fields form %}`: the board's cards and its filter
fields, each rendered once for what it shows.

A card shows the challenge's own fields (`selectors.CARD_FIELDS`, the district's name among them) and
nothing of the supporter who reads it, except the CSRF token of its forms. So each card is rendered with
a stand-in for the token and cached under a digest of every value it shows, the language, and the
templates and catalogue it was made from: an edit, a pledge or a new deployment changes the key, so a
cached card is never stale, and nothing has to be invalidated. The reader's own token then replaces the
stand-in. At twenty cards a page this is most of what the board cost to render.

The filter fields are the same for every supporter of a city until one of them is filled in: their
labels, the city's districts, the language. Unfilled (the board's first page and every page after it),
they are cached under a digest of exactly that; Django draws a select's options through a template
each, a third of the board's rendering. A filled-in form is drawn afresh: its values are the reader's
own and could be anything (any date), and keys made of them would fill the cache.
"""

import functools
import hashlib
import hmac
from operator import attrgetter
from pathlib import Path

import django
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
FILTER_TEMPLATES = ("challenges/_board_filters.html", "_field.html")
CACHE_SECONDS = 24 * 3600  # a key never goes stale; this only bounds entries nobody asks for any more


@functools.cache
def _stand_in() -> str:
    """Where the reader's CSRF token goes: derived from the secret key, so no challenge text can hold it,
    and the same in every process that shares the cache."""
    return hmac.new(settings.SECRET_KEY.encode(), b"board-card-csrf", hashlib.sha256).hexdigest()


@functools.cache
def _made_of(templates: tuple[str, ...], language: str, locale_paths: tuple) -> str:
    """The templates' sources, the language's catalogue and Django's version (its widget templates), as a
    digest: part of every key."""
    digest = hashlib.sha256(django.get_version().encode())
    for name in templates:
        digest.update(get_template(name).template.source.encode())
    for root in locale_paths:
        catalogue = Path(root) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(str(catalogue.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def _key(challenge, language: str) -> str:
    # every field the board reads for a card, "district__name" as challenge.district.name
    shown = tuple(attrgetter(field.replace("__", "."))(challenge) for field in CARD_FIELDS)
    made_of = _made_of(CARD_TEMPLATES, language, tuple(settings.LOCALE_PATHS))
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


def _unfilled(form) -> bool:
    return all(field.value() in (None, "", False) for field in form.visible_fields())


def _shown(form) -> tuple:
    """Everything of the fields that reaches the page when none is filled in, choices included."""
    return tuple(
        (
            field.name,
            str(field.label),
            field.field.required,
            type(field.field.widget).__name__,
            tuple((str(value), str(label)) for value, label in getattr(field.field, "choices", ())),
        )
        for field in form.visible_fields()
    )


@register.simple_tag
def board_filter_fields(form) -> SafeString:
    if not _unfilled(form):
        return render_to_string(FILTER_TEMPLATES[0], {"form": form})
    language = get_language()
    made_of = _made_of(FILTER_TEMPLATES, language, tuple(settings.LOCALE_PATHS))
    digest = hashlib.sha256(repr((made_of, language, _shown(form))).encode()).hexdigest()
    key = f"challenges:filters:{digest}"
    fields = cache.get(key)
    if fields is None:
        fields = render_to_string(FILTER_TEMPLATES[0], {"form": form})
        cache.set(key, fields, CACHE_SECONDS)
    return mark_safe(fields)  # noqa: S308 (rendered from our templates)
