from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class GenkVillageConfig(AppConfig):
    default = True
    name = "genk_village"
    verbose_name = _("Genk Village")

    def ready(self) -> None:
        # The account's step first, then each app's `privacy` module in the order of INSTALLED_APPS.
        from . import account_privacy, casefile, privacy, worklist  # noqa: F401

        privacy.autodiscover()
        # Each app's `worklist` module registers its lines of the coordinator's work list.
        worklist.autodiscover()
        # Each app's `casefile` module registers its next steps and timeline entries of a family's file.
        casefile.autodiscover()
        # /api/v1/me/ carries the person's secret calendar address.
        from rest_framework import serializers

        from .api import register_me_field
        from .calendar import feed_url

        register_me_field("calendar_url", feed_url, serializers.URLField(allow_null=True))


class GenkAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the coordinators' site as the default one."""

    default = False
    default_site = "genk_village.admin_site.CoordinatorAdminSite"
