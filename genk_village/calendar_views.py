"""The calendar feed (public, behind its secret address) and the page that shows and revokes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .calendar import calendar_feed_revoke, events_for, feed_url, ical, user_for_token


@require_GET
def calendar_feed(request, token: str):
    """No session: a calendar app fetches it. An unknown or revoked secret is a plain 404."""
    user = user_for_token(token)
    if user is None:
        raise Http404
    with translation.override(user.language or None):
        body = ical(events_for(user), name=_("Genk Village"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_page(request):
    """My calendar address, how to subscribe, and a new one when the old one went where it should not."""
    if request.method == "POST":
        calendar_feed_revoke(user=request.user, actor=request.user)
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("calendar")
    return render(request, "account/calendar.html", {"calendar_url": feed_url(request.user)})
