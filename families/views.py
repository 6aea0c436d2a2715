from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from genk_village.permissions import role_required

from .forms import ReferralForm
from .models import Family
from .services import FamilyError, family_refer


@role_required("referrer")
def referral_list(request):
    """A referrer sees the families they referred: reference, date and status, nothing more."""
    families = (
        Family.objects.referred_by(request.user)
        .only("reference", "status", "created_at")
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
