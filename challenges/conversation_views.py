"""The hand-over conversation's pages: one page for both sides (in the coach's or the supporter's layout),
and the accept button. The coach's challenge page shows the same partial through a template tag."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genk_village.permissions import role_required

from . import conversation
from .forms import HandoverMessageForm
from .models import HandoverMessage
from .services import ChallengeError

TEMPLATES = {
    HandoverMessage.Author.COACH: "challenges/conversation_coach.html",
    HandoverMessage.Author.SUPPORTER: "challenges/conversation_supporter.html",
}


def conversation_context(challenge, side: str, form=None) -> dict:
    """What the partial shows: the messages oldest first, the agreed appointment, the form."""
    return {
        "challenge": challenge,
        "side": side,
        "handover_messages": conversation.messages_of(challenge),
        "appointment": conversation.appointment_of(challenge),
        "form": form or HandoverMessageForm(),
    }


def _back(challenge, side: str):
    if side == HandoverMessage.Author.COACH:
        return redirect(reverse("coaches:challenge_detail", args=[challenge.pk]) + "#conversation")
    return redirect("challenges:conversation", pk=challenge.pk)


@role_required("supporter", "coach")
def conversation_page(request, pk: int):
    """Read and write; a refused message comes back with its text, so nothing typed is lost."""
    challenge, side = conversation.conversation_for(request.user, pk)
    form = HandoverMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation.handover_message_post(
                challenge=challenge, actor=request.user, **form.service_kwargs()
            )
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your message is sent."))
            return _back(challenge, side)
    return render(request, TEMPLATES[side], conversation_context(challenge, side, form))


@role_required("supporter", "coach")
@require_POST
def proposal_accept(request, pk: int, message_pk: int):
    challenge, side = conversation.conversation_for(request.user, pk)
    proposal = get_object_or_404(conversation.messages_of(challenge), pk=message_pk)
    try:
        conversation.handover_proposal_accept(message=proposal, actor=request.user)
    except ChallengeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Agreed. The hand-over is in your calendar."))
    return _back(challenge, side)
