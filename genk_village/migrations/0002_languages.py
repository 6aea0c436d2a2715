"""Spoken languages used for matching: the languages of Genk's communities and a few more."""

from django.db import migrations

LANGUAGES = [
    ("nl", "Nederlands"), ("fr", "Français"), ("en", "English"), ("de", "Deutsch"), ("tr", "Türkçe"),
    ("it", "Italiano"), ("ar", "العربية"), ("ber", "Tamazight"), ("pl", "Polski"), ("bg", "Български"),
    ("el", "Ελληνικά"), ("es", "Español"), ("ro", "Română"), ("ru", "Русский"), ("uk", "Українська"),
    ("fa", "فارسی"), ("ps", "پښتو"), ("so", "Soomaali"), ("ti", "ትግርኛ"), ("sq", "Shqip"),
    ("ku", "Kurdî"), ("pt", "Português"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("genk_village", "Language")
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("genk_village", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
