"""A child's participations are part of the family file: exported with it; erasure keeps them (activity,
dates, status: no name, no free text), because the leisure indicators count them."""

from genk_village import privacy
from genk_village.privacy import row

from .models import Participation


def family_export(family) -> dict:
    return {
        "leisure_participations": [
            row(p) | {"activity": p.activity.name}
            for p in Participation.objects.filter(child__family=family).select_related("activity")
        ]
    }


STEP = privacy.register(privacy.PrivacyStep(name="leisure", family_export=family_export))
