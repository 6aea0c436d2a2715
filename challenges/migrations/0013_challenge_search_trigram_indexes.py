"""Trigram indexes for the admin's challenge search (ChallengeAdmin.get_search_results), on PostgreSQL only.

Django's `icontains` on PostgreSQL is `UPPER(column) LIKE UPPER('%word%')`, which no B-tree index serves:
without these, a search reads every challenge of the city. They index that expression, `UPPER(column)`.
pg_trgm is a trusted extension (PostgreSQL 13 and newer), so the database owner may create it. SQLite,
the embedded default, has no such index and searches its small tables as they are. The indexes are not
declared on the model because SQLite could not build them.
"""

from django.db import migrations

INDEXES = {
    "challenge_title_trgm_idx": "title",
    "challenge_description_trgm_idx": "description",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON challenges_challenge USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("challenges", "0012_family_status_index_by_time")]

    operations = [migrations.RunPython(create, drop)]
