import logging

from celery import shared_task
from django.conf import settings

from .importing import import_city
from .models import Catalogue
from .uitdatabank import UitdatabankError

logger = logging.getLogger(__name__)


@shared_task
def refresh_activity_catalogues() -> dict[str, str]:
    """Every night: each city's UiTdatabank offer, one city at a time, so one failure spares the others.

    Without a client id (UITDATABANK_CLIENT_ID) there is nothing to ask: the local activities that
    coordinators enter are the whole offer."""
    if not settings.UITDATABANK_CLIENT_ID:
        return {}
    outcome = {}
    for catalogue in Catalogue.objects.select_related("city").exclude(postal_codes=""):
        try:
            result = import_city(catalogue.city)
        except UitdatabankError as error:
            logger.warning("UiTdatabank import for %s failed: %s", catalogue.city.slug, error)
            outcome[catalogue.city.slug] = f"failed: {error}"
        else:
            outcome[catalogue.city.slug] = (
                f"{result.created} new, {result.updated} updated, {result.withdrawn} withdrawn"
            )
    return outcome
