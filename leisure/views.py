"""The coach's leisure pages, on the phone with the family: find an activity that fits the child, choose
it, post what it takes in one tap, and record whether the child goes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coaches.views import coach_family_required
from families.models import Family
from genk_village.permissions import role_required

from . import selectors, services
from .forms import DayForm, FindForm, StopForm
from .models import Activity, Participation


def _child(family: Family, child_id: str | None):
    children = list(family.children.all())
    if not children:
        raise Http404
    chosen = next((c for c in children if str(c.pk) == child_id), None)
    return chosen or max(children, key=lambda c: c.birth_date), children


def _participation(request, family: Family, pk: int) -> Participation:
    visible = Participation.objects.visible_to(request.user).filter(child__family=family)
    return get_object_or_404(visible.select_related("activity", "child"), pk=pk)


@role_required("coach")
@coach_family_required
def find(request, family):
    child, children = _child(family, request.GET.get("child"))
    form = FindForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    found = selectors.activities_for(
        child,
        family,
        day=today,
        kind=filters.get("kind", ""),
        weekday=filters.get("weekday", ""),
        max_price=filters.get("max_price"),
        uitpas=filters.get("uitpas", False),
    )
    language = selectors.family_language(family)
    for activity in found:
        activity.shown_name = activity.name_in(language)
    return render(
        request,
        "leisure/find.html",
        {
            "family": family,
            "child": child,
            "children": children,
            "age": selectors.age_on(child, today),
            "form": form,
            "activities": found,
            "participations": selectors.family_participations(family),
        },
    )


@role_required("coach")
@coach_family_required(or_404=True)
def activity_detail(request, family, pk: int):
    activity = get_object_or_404(Activity.objects.visible_to(request.user).filter(active=True), pk=pk)
    child, children = _child(family, request.GET.get("child"))
    activity.shown_name = activity.name_in(selectors.family_language(family))
    return render(
        request, "leisure/activity.html", {"activity": activity, "child": child, "children": children}
    )


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def activity_choose_view(request, family, pk: int):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    child, _children = _child(family, request.POST.get("child"))
    try:
        participation = services.activity_choose(
            family=family, child=child, activity=activity, actor=request.user
        )
    except services.LeisureError as error:
        messages.error(request, str(error))
        return redirect("leisure:activity", pk=activity.pk)
    messages.success(request, _("Chosen. It is in the family plan; post what it takes below."))
    return redirect("leisure:participation", pk=participation.pk)


@role_required("coach")
@coach_family_required(or_404=True)
def participation_detail(request, family, pk: int):
    participation = _participation(request, family, pk)
    ready = services.ready_offered(participation, timezone.localdate())
    participation.activity.shown_name = participation.activity.name_in(selectors.family_language(family))
    return render(
        request,
        "leisure/participation.html",
        {
            "participation": participation,
            "activity": participation.activity,
            "ready": ready,
            "day_form": DayForm(),
            "stop_form": StopForm(prefix="stop"),
        },
    )


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def ready_post_view(request, family, pk: int, ready: str):
    participation = _participation(request, family, pk)
    try:
        challenge = services.ready_post(
            participation=participation, key=ready, actor=request.user, today=timezone.localdate()
        )
    except services.LeisureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Posted: %(title)s") % {"title": challenge.title})
    return redirect("leisure:participation", pk=participation.pk)


STEPS = {
    "start": (DayForm, services.participation_start, _("Recorded: the child goes.")),
    "confirm": (DayForm, services.participation_confirm, _("Recorded: the child still goes.")),
    "stop": (StopForm, services.participation_stop, _("Recorded: the child stopped.")),
}


@role_required("coach")
@require_POST
@coach_family_required(or_404=True)
def participation_step(request, family, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    participation = _participation(request, family, pk)
    form_class, service, done = STEPS[step]
    form = form_class(request.POST, prefix="stop" if step == "stop" else None)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("leisure:participation", pk=participation.pk)
    try:
        service(participation=participation, actor=request.user, **form.cleaned_data)
    except services.LeisureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("leisure:participation", pk=participation.pk)
