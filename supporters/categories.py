"""The challenge categories of the public contract: what supporters can do, and what a challenge asks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MATERIAL = "material", _("material")
    TRANSPORT = "transport", _("transport")
    HOMEWORK = "homework", _("homework help")
    INTERPRETING = "interpreting", _("interpreting")
    LEISURE = "leisure", _("leisure")
    SPONSORING = "sponsoring", _("sponsoring")
    OTHER = "other", _("other")
