from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        from rest_framework import serializers

        from genk_village.api import register_me_field

        from .selectors import points_of_user

        register_me_field("points", points_of_user, serializers.IntegerField())
