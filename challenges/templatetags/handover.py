"""`{% handover_conversation challenge %}`: the conversation partial on a page of another app (the coach's
challenge page), loaded for the person signed in; nothing for anyone outside the conversation."""

from django import template
from django.http import Http404

from ..conversation import conversation_for
from ..conversation_views import conversation_context

register = template.Library()


@register.inclusion_tag("challenges/_conversation.html", takes_context=True)
def handover_conversation(context, challenge):
    request = context["request"]
    try:
        found, side = conversation_for(request.user, challenge.pk)
    except Http404:
        return {"challenge": None}
    return conversation_context(found, side) | {"csrf_token": context.get("csrf_token"), "request": request}
