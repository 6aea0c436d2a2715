import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """The .mo files are compiled in the build, never committed: compile them before any page renders."""
    call_command("compile_catalogues", verbosity=0)
    # Django's own reset of its loaded catalogues (as override_settings does), in case one was read before
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)
