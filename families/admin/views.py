"""The case file's own pages: the next step a button posts, the guided intake, and closing with a
confirmation. Each loads the family through the admin's city-scoped queryset (another city's: 404),
needs the change permission the admin's actions need, and calls the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from genk_village import casefile
from genk_village.audit import audit
from genk_village.errors import ServiceError

from .. import services
from ..models import Family
from .intake import IntakeForm, guardian_rows


def family_for(model_admin, request, object_id) -> Family:
    """The family as this coordinator may change it, or 404 (another city's family is not found)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    family = model_admin.get_object(request, object_id)
    if family is None:
        raise Http404
    return family


def file_url(family: Family) -> str:
    return reverse("admin:families_family_change", args=[family.pk])


def _context(model_admin, request, family, title, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Family._meta,
        "family": family,
        "original": family,
        "title": title,
        "subtitle": None,
        **extra,
    }


def step_view(model_admin, request, object_id):
    """Run the posted next step through its service; a refusal is shown as the service words it."""
    family = family_for(model_admin, request, object_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = casefile.step_named(request.POST.get("step", ""))
    if step is None or step.run is None:
        messages.error(request, _("That step does not exist; choose one of the file's buttons."))
        return HttpResponseRedirect(file_url(family))
    try:
        with transaction.atomic():
            done = step.run(family, request.user, request.POST)
    except ServiceError as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(file_url(family))
    messages.success(request, done)
    return HttpResponseRedirect(step.then(family) if step.then else file_url(family))


def close_view(model_admin, request, object_id):
    """Closing a file ends the family's programme: a confirmation page first, the POST closes."""
    family = family_for(model_admin, request, object_id)
    if request.method == "POST":
        try:
            services.family_close(family=family, actor=request.user)
        except ServiceError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The file of %(family)s is closed.") % {"family": family})
        return HttpResponseRedirect(file_url(family))
    return TemplateResponse(
        request,
        "admin/families/family/close.html",
        _context(model_admin, request, family, _("Close the file of %(family)s?") % {"family": family}),
    )


def intake_view(model_admin, request, object_id):
    """The whole intake on one page; "save and start matching" also ends the intake when it is complete."""
    family = family_for(model_admin, request, object_id)
    data = request.POST if request.method == "POST" else None
    form = IntakeForm(data, family=family)
    guardians = guardian_rows(family, data)
    if data is None:
        audit(actor=request.user, action="families.family.viewed", target=family, city_id=family.city_id)
    elif form.is_valid() and guardians.is_valid():
        try:
            with transaction.atomic():
                _record(family, request.user, form, guardians)
        except ServiceError as refusal:
            form.add_error(None, str(refusal))
        else:
            return _after_intake(request, family)
    return TemplateResponse(
        request,
        "admin/families/family/intake.html",
        _context(
            model_admin,
            request,
            family,
            _("Intake of %(family)s") % {"family": family},
            form=form,
            guardians=guardians,
            media=model_admin.media + form.media,
        ),
    )


def _record(family, actor, form, guardians) -> None:
    if family.status == Family.Status.REFERRED:
        services.family_start_intake(family=family, actor=actor)
    data = form.cleaned_data
    services.family_intake_record(
        family=family,
        actor=actor,
        on=data["given_on"],
        consents=data["consents"],
        languages=data["household_languages"],
        child={
            "first_name": data["child_first_name"],
            "birth_date": data["child_birth_date"],
            "school": data["child_school"],
        },
        guardians=[row.cleaned_data for row in guardians if row.has_changed() and row.cleaned_data],
        lacks=form.lacks_to_record(),
        criteria=form.criteria_to_record(),
    )


def _after_intake(request, family):
    messages.success(request, _("The intake of %(family)s is saved.") % {"family": family})
    if "_matching" in request.POST:
        try:
            services.family_start_matching(family=family, actor=request.user)
        except ServiceError as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(reverse("admin:families_family_intake", args=[family.pk]))
        messages.success(request, _("%(family)s is ready for matching.") % {"family": family})
    return HttpResponseRedirect(file_url(family))
