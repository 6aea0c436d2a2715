"""Figures over a window are stored once per period's window (`code@days`): the rows stored before keep
their values under the window they were measured for (30 days for two of them, 90 for the rest)."""

from django.db import migrations

WINDOW_OF = {
    "supporters.active_30d": 30,
    "match_health.contact_30d": 30,
    "challenges.hours_to_claim": 90,
    "challenges.claimed_within_day": 90,
    "challenges.hours_to_complete": 90,
    "matches.support_on_schedule": 90,
    **{f"challenges.claim_time.{bucket}": 90 for bucket in ["4h", "24h", "3d", "7d", "more"]},
}


def forwards(apps, schema_editor):
    snapshots = apps.get_model("monitoring", "IndicatorSnapshot").objects
    for code, days in WINDOW_OF.items():
        snapshots.filter(code=code).update(code=f"{code}@{days}")


def backwards(apps, schema_editor):
    snapshots = apps.get_model("monitoring", "IndicatorSnapshot").objects
    for code, days in WINDOW_OF.items():
        snapshots.filter(code=f"{code}@{days}").update(code=code)
        snapshots.filter(code__startswith=f"{code}@").delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_release_plan")]

    operations = [migrations.RunPython(forwards, backwards)]
