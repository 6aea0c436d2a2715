"""A family's shortlist at the matching desk: which coaches were proposed and why, and its one-time link.

The link's token is kept only as a hash (see proposal_link_create), so the page can show a link only in
the answer that issued it: there it can be copied, printed as a card, or sent to a guardian. Issuing a
new one revokes the family's older unused links. The send form carries the token that page holds back
to the server, which checks that it still works and belongs to this family before sending it.
"""

from django import forms
from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from families.models import Guardian
from genk_village.audit import audit

from .. import services
from ..matching import reasons_for
from ..models import Match, ProposalLink
from ..proposals import family_language


class SendLinkForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    recipient = forms.ChoiceField(label=_("Send it to"))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipients(family)


def recipients(family) -> list[tuple[str, str]]:
    """("<channel>:<guardian id>", label) for each guardian's e-mail address and phone number."""
    choices = []
    for guardian in Guardian.objects.filter(family=family).order_by("pk"):
        if guardian.email:
            label = _("%(name)s by e-mail (%(address)s)") % {
                "name": guardian.first_name,
                "address": guardian.email,
            }
            choices.append((f"{services.LinkChannel.EMAIL}:{guardian.pk}", label))
        if guardian.phone:
            label = _("%(name)s by SMS (%(number)s)") % {
                "name": guardian.first_name,
                "number": guardian.phone,
            }
            choices.append((f"{services.LinkChannel.SMS}:{guardian.pk}", label))
    return choices


def proposed(family) -> list[dict]:
    """The family's open proposals in shortlist order, then its earlier ones, newest first; each with the
    ranking's reasons."""
    open_statuses = {Match.Status.PROPOSED, Match.Status.CHOSEN}
    matches = sorted(
        Match.objects.filter(family=family).select_related("coach"),
        key=lambda match: (
            (0, match.rank or 0, match.pk) if match.status in open_statuses else (1, 0, -match.pk)
        ),
    )
    ranked = reasons_for(family, [match.coach_id for match in matches])
    return [{"match": match, "ranked": ranked.get(match.coach_id)} for match in matches]


def link_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("proposals:by_link", args=[token]))


def shortlist_page(model_admin, request, family, *, token: str = "", status: int = 200):
    """The page; with `token`, the card of the link just issued (shown in this answer only)."""
    links = ProposalLink.objects.filter(family=family).order_by("-created_at")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Shortlist and link of %(family)s") % {"family": family},
        "opts": model_admin.model._meta,
        "family": family,
        "proposed": proposed(family),
        "latest_link": links.first(),
        "token": token,
        # The card goes home with the family: it is written in the family's language.
        "card_language": family_language(family),
        "url": link_url(request, token) if token else "",
        "send_form": SendLinkForm(initial={"token": token}, family=family) if token else None,
        "can_issue": Match.objects.filter(family=family, status=Match.Status.PROPOSED).exists(),
    }
    audit(actor=request.user, action="families.family.viewed", target=family, fields=["proposals"])
    return TemplateResponse(request, "admin/coaches/shortlist.html", context, status=status)


def issue_link(model_admin, request, family):
    """A new one-time link (older unused ones stop working), shown on the page that answers."""
    try:
        _link, token = services.proposal_link_create(family=family, actor=request.user)
    except services.CoachError as error:
        model_admin.message_user(request, str(error), messages.WARNING)
        return shortlist_page(model_admin, request, family, status=400)
    url = link_url(request, token)
    model_admin.message_user(
        request,
        format_html(
            '{}: <a class="proposal-link" href="{}">{}</a> ({})',
            family,
            url,
            url,
            _("shown only now: copy, print or send it below; it works for one choice"),
        ),
        messages.SUCCESS,
    )
    return shortlist_page(model_admin, request, family, token=token)


def send_link(model_admin, request, family):
    """Send the link the page holds to the guardian chosen, in the family's language."""
    form = SendLinkForm(request.POST, family=family)
    token = request.POST.get("token", "")
    if not form.is_valid():
        model_admin.message_user(request, _("Choose whom to send the link to."), messages.WARNING)
        return shortlist_page(model_admin, request, family, token=token, status=400)
    channel, guardian_id = form.cleaned_data["recipient"].split(":")
    guardian = Guardian.objects.get(pk=int(guardian_id), family=family)
    try:
        services.proposal_link_send(
            token=token,
            url=link_url(request, token),
            guardian=guardian,
            channel=channel,
            language=family_language(family),
            actor=request.user,
        )
    except services.CoachError as error:
        model_admin.message_user(request, str(error), messages.WARNING)
        return shortlist_page(model_admin, request, family, status=400)
    model_admin.message_user(
        request, _("The link is sent to %(name)s.") % {"name": guardian.first_name}, messages.SUCCESS
    )
    return shortlist_page(model_admin, request, family, token=token)
