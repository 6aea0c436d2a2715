"""The Dutch and English names of the languages 0002 wrote, so that a picker finds "Turks" and "Turkish"."""

from django.db import migrations, models

# code: (Dutch name, English name)
NAMES = {
    "nl": ("Nederlands", "Dutch"), "fr": ("Frans", "French"), "en": ("Engels", "English"),
    "de": ("Duits", "German"), "tr": ("Turks", "Turkish"), "it": ("Italiaans", "Italian"),
    "ar": ("Arabisch", "Arabic"), "ber": ("Berbers", "Berber"), "pl": ("Pools", "Polish"),
    "bg": ("Bulgaars", "Bulgarian"), "el": ("Grieks", "Greek"), "es": ("Spaans", "Spanish"),
    "ro": ("Roemeens", "Romanian"), "ru": ("Russisch", "Russian"), "uk": ("Oekraïens", "Ukrainian"),
    "fa": ("Perzisch", "Persian"), "ps": ("Pasjtoe", "Pashto"), "so": ("Somalisch", "Somali"),
    "ti": ("Tigrinya", "Tigrinya"), "sq": ("Albanees", "Albanian"), "ku": ("Koerdisch", "Kurdish"),
    "pt": ("Portugees", "Portuguese"),
}


def add_names(apps, schema_editor):
    Language = apps.get_model("genk_village", "Language")
    for code, (name_nl, name_en) in NAMES.items():
        Language.objects.filter(code=code).update(name_nl=name_nl, name_en=name_en)


class Migration(migrations.Migration):

    dependencies = [
        ('genk_village', '0007_calendar_feed'),
    ]

    operations = [
        migrations.AddField(
            model_name='language',
            name='name_en',
            field=models.CharField(blank=True, max_length=60, verbose_name='English name'),
        ),
        migrations.AddField(
            model_name='language',
            name='name_nl',
            field=models.CharField(blank=True, max_length=60, verbose_name='Dutch name'),
        ),
        migrations.AlterField(
            model_name='language',
            name='name',
            field=models.CharField(help_text='In the language itself.', max_length=60, verbose_name='name'),
        ),
        migrations.RunPython(add_names, migrations.RunPython.noop),
    ]
