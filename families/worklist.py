"""The families' lines on the coordinator's work list: referrals to register and intakes to finish."""

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from genk_village.worklist import WorkLine, admin_list, register

from .models import Family


@register
def family_work(user) -> list[WorkLine]:
    """Families that wait on the coordinator, counted in one query over the families they may see."""
    referred, intake = Q(status=Family.Status.REFERRED), Q(status=Family.Status.INTAKE)
    found = Family.objects.visible_to(user).aggregate(
        referred=Count("pk", filter=referred),
        referred_since=Min("created_at", filter=referred),
        intake=Count("pk", filter=intake),
        intake_since=Min("intake_on", filter=intake),
    )
    return [
        WorkLine(
            "families.referred",
            _("Referrals to register"),
            found["referred"],
            found["referred_since"],
            admin_list(Family, status=Family.Status.REFERRED),
        ),
        WorkLine(
            "families.intake",
            _("Intakes to finish"),
            found["intake"],
            found["intake_since"],
            admin_list(Family, status=Family.Status.INTAKE),
        ),
    ]
