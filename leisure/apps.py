from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeisureConfig(AppConfig):
    name = "leisure"
    verbose_name = _("Leisure")
