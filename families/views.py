from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from genk_village.permissions import role_required

from .forms import ReferralCorrectionForm, ReferralForm
from .models import Family
from .services import FamilyError, family_refer, family_referral_correct


@role_required("referrer")
def referral_list(request):
    """A referrer sees the families they referred: own note, reference, date and status, nothing more."""
    families = (
        Family.objects.referred_by(request.user)
        .only("reference", "referrer_label", "status", "created_at")
        .order_by("-created_at")
    )
    return render(request, "families/referral_list.html", {"families": families})


@role_required("referrer")
def referral_new(request):
    if request.user.city_id is None:
        raise PermissionDenied(_("Your account is not linked to a city yet; ask the coordinator."))
    form = ReferralForm(request.POST or None, city=request.user.city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("consent")
        try:
            family = family_refer(city=request.user.city, actor=request.user, **data)
        except FamilyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you. The family is referred under reference %(reference)s; the "
                    "coordinator will contact them."
                )
                % {"reference": family.reference},
            )
            return redirect("families:referral_list")
    return render(request, "families/referral_new.html", {"form": form})


def _as_filed(family: Family) -> dict:
    """The referral as the referrer filed it, to start the correction from."""
    child = family.children.order_by("pk").first()
    guardian = family.guardians.order_by("pk").first()
    return {
        "referrer_label": family.referrer_label,
        "family_name": family.family_name,
        "district": family.district_id,
        "address": family.address,
        "referral_source": family.referral_source,
        "referral_note": family.referral_note,
        "child_first_name": child.first_name if child else "",
        "child_birth_date": child.birth_date if child else None,
        "guardian_first_name": guardian.first_name if guardian else "",
        "guardian_last_name": guardian.last_name if guardian else "",
        "guardian_relation": guardian.relation if guardian else "",
        "guardian_phone": guardian.phone if guardian else "",
    }


@role_required("referrer")
def referral_edit(request, pk):
    """The referrer corrects their own referral until the intake starts; any other family is not found."""
    family = get_object_or_404(Family.objects.referred_by(request.user), pk=pk)
    if family.status != Family.Status.REFERRED:
        messages.error(
            request, _("The intake of this family has started; ask the coordinator to correct the file.")
        )
        return redirect("families:referral_list")
    form = ReferralCorrectionForm(request.POST or None, initial=_as_filed(family), city=family.city)
    if request.method == "POST" and form.is_valid():
        try:
            family_referral_correct(family=family, actor=request.user, **form.cleaned_data)
        except FamilyError as error:
            if error.status == 409:  # the intake started meanwhile: the file is the coordinator's now
                messages.error(request, str(error))
                return redirect("families:referral_list")
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your correction of %(reference)s is saved.") % {"reference": family.reference}
            )
            return redirect("families:referral_list")
    return render(request, "families/referral_edit.html", {"form": form, "family": family})
