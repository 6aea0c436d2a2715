"""The translation catalogues: Dutch and French complete, Turkish and Arabic on every family-facing page.

A string added to a template or to the code without a translation fails here, so the site never shows
a Dutch reader an English sentence.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import _missing

LOCALE = Path(settings.BASE_DIR) / "locale"
COMPLETE = ["nl", "fr"]
# Where the family reads: the proposal, its cards and printable page, and the challenge categories.
FAMILY_FACING = ("templates/coaches/proposal", "supporters/categories.py")
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "__pycache__", "staticfiles", "media", "locale", "tests", "bench", "*.sqlite3"
)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""


@pytest.mark.parametrize("language", COMPLETE)
def test_the_catalogue_has_no_untranslated_or_fuzzy_string(language):
    po = catalogue(language)
    gaps = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert not gaps, f"{language}: {len(gaps)} untranslated or fuzzy, starting with {gaps[:5]}"


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_every_family_facing_string_is_translated(language):
    po = catalogue(language)
    family_facing = [
        entry
        for entry in po
        if not entry.obsolete and any(path.startswith(FAMILY_FACING) for path, _line in entry.occurrences)
    ]
    assert len(family_facing) > 40  # the proposal pages and the categories are really there
    gaps = [entry.msgid for entry in family_facing if not entry.translated() or entry.fuzzy]
    assert not gaps, f"{language}: {gaps[:5]}"


@pytest.mark.parametrize("language", ["nl", "fr", "tr", "ar"])
def test_translations_keep_their_placeholders(language):
    """msgfmt --check compares every python-format placeholder with its msgid."""
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        _missing("needs GNU gettext (msgfmt)")
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603 - our own catalogue, through gettext's own checker
        [msgfmt, "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_dutch_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages on the sources finds exactly the msgids the committed catalogue has."""
    if not shutil.which("xgettext"):
        _missing("needs GNU gettext (xgettext) for makemessages")
    sources = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, sources, ignore=NOT_SOURCES)
    (sources / "locale" / "nl").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "--verbosity", "0"],
        cwd=sources,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "genk_village.settings"},
    )
    extracted = {key(entry) for entry in polib.pofile(str(sources / "locale/nl/LC_MESSAGES/django.po"))}
    committed = {key(entry) for entry in catalogue("nl") if not entry.obsolete}
    missing = sorted(extracted - committed)
    stale = sorted(committed - extracted)
    assert not missing, f"not in locale/nl (run makemessages and translate): {missing[:5]}"
    assert not stale, f"no longer in the code (run makemessages --no-obsolete): {stale[:5]}"
