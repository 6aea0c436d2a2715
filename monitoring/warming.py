"""The nightly job's last step: every dashboard of a city rendered into the cache.

A dashboard's body depends only on the city's release, the district, the period and the language (see
`views.dashboard`), never on who looks at it. Rendering each one after the snapshot (the whole city and
every district, every period, every language: 16 × 3 × 5 bodies for Genk, about 60 ms each) means the
first steering member to open the dashboard in the morning reads it as fast as the second.
"""

import itertools

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from genk_village.models import City, District

from .forms import FilterForm
from .permissions import dashboard_viewers
from .releases import CACHE_SECONDS, PERIODS
from .selectors import dashboard_cache_key
from .views import dashboard_body


def dashboard_warm(*, city: City) -> int:
    """Render and cache every dashboard body of `city` that is not cached yet; returns how many."""
    viewer = dashboard_viewers(city).order_by("pk").first()
    if viewer is None:
        return 0  # nobody of this city or its region may open its dashboard
    scopes = [None, *District.objects.filter(city=city).order_by("name")]
    rendered = 0
    for (language, _name), district, period in itertools.product(settings.LANGUAGES, scopes, PERIODS):
        key = dashboard_cache_key(
            city_id=city.pk, district_id=district.pk if district else None, period=period, language=language
        )
        if cache.get(key) is not None:
            continue
        data = {"period": period, **({"district": district.pk} if district else {})}
        with translation.override(language):
            board, body = dashboard_body(FilterForm(data, cities=[city]), period, district, viewer)
        if board.live:
            return rendered  # no snapshot yet: the figures are measured live at each visit
        cache.set(key, body, CACHE_SECONDS)
        rendered += 1
    return rendered
