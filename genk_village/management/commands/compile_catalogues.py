"""`manage.py compile_catalogues`: every locale/*/LC_MESSAGES/*.po to its .mo, with polib.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not have; the
build (`make install`, the Dockerfile) runs this instead, and .mo files are never committed.
"""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    """The .po files under every LOCALE_PATHS directory, in a stable order."""
    return sorted(po for base in settings.LOCALE_PATHS for po in Path(base).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options) -> None:
        found = catalogues()
        for po_path in found:
            try:
                catalogue = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            # written beside it and renamed, so a process reading the catalogue never sees half a file
            partial = po_path.with_suffix(f".mo.{os.getpid()}")
            catalogue.save_as_mofile(str(partial))
            os.replace(partial, po_path.with_suffix(".mo"))
            if options["verbosity"] > 1:
                self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} translated")
        self.stdout.write(f"Compiled {len(found)} catalogue(s).")
