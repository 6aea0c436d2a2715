from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeder (`manage.py seed_demo`): a leaf app that no other app imports."""

    name = "demo"
