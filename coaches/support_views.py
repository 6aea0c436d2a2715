"""The coach's health check-in page: five statements on the relationship, answered by the coach, or by
the family through the coach in the family's own language."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from genk_village.permissions import role_required

from .forms import HealthCheckInForm
from .models import HealthCheckIn
from .proposals import family_language
from .services import CoachError, health_check_in_record
from .support import health_of
from .views import coach_family_required


@role_required("coach")
@coach_family_required
def check_in(request, family):
    """GET ?respondent=family shows the statements in the family's language; the answers go through
    health_check_in_record."""
    match = family.active_match
    data = request.POST or None
    respondent = (data or request.GET).get("respondent")
    if respondent not in HealthCheckIn.Respondent.values:
        respondent = HealthCheckIn.Respondent.COACH
    language = (
        family_language(family) if respondent == HealthCheckIn.Respondent.FAMILY else request.LANGUAGE_CODE
    )
    with translation.override(language):
        form = HealthCheckInForm(data, initial={"respondent": respondent})
    if request.method == "POST" and form.is_valid():
        try:
            health_check_in_record(
                match=match,
                actor=request.user,
                respondent=form.cleaned_data["respondent"],
                answers=form.answers(),
                language=language,
            )
        except CoachError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The check-in is saved. Thank you."))
            return redirect("coaches:home")
    health = health_of(match, today=timezone.localdate())
    return render(
        request,
        "coaches/check_in.html",
        {
            "form": form,
            "respondent": respondent,
            "statements_language": language,
            "scores": health.scores,
        },
    )
