"""`{% report_reasons %}`: the reasons of a report, as radio buttons, on every card of the board and of
"my challenges". They are the same on every card, so they are rendered once per language and process
instead of twenty times a page (half of what a card cost to render)."""

import functools

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override

from ..models import ChallengeReport

register = template.Library()


@register.simple_tag
def report_reasons() -> SafeString:
    return _rendered(get_language())


@functools.lru_cache(maxsize=8)
def _rendered(language: str) -> SafeString:
    with override(language):
        return render_to_string(
            "challenges/_report_reasons.html", {"report_reasons": ChallengeReport.Reason.choices}
        )
