"""`{{ name|bdi }}`: a person's name isolated from the text around it, so that a Latin name in an Arabic
sentence keeps its own direction ("Adal T." and not ".Adal T") and cannot reorder what follows."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(name) -> str:
    """The escaped name in a <bdi>; safe to pass on to {% blocktranslate with name=…|bdi %}."""
    return format_html("<bdi>{}</bdi>", name)
