"""Fast inserts for demo data: rows with ids allocated up front, COPY on PostgreSQL.

The demo seeder builds plain tuples (first column: the primary key) so that children can point at
their parents before anything is written. PostgreSQL takes them through COPY, which is several times
faster than INSERT for a million rows; every other database gets `bulk_create`.
"""

import io
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _escape(text: str) -> str:
    # COPY's text format: backslash, tab and line breaks must be escaped, nothing else.
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_value(value: Any) -> str:
    # str() already gives what COPY reads for numbers, dates, aware datetimes and booleans
    # ("2026-05-01 10:00:00+00:00", "True"); only text needs escaping and JSON needs encoding.
    if type(value) is str:
        return _escape(value)
    if value is None:
        return "\\N"
    if isinstance(value, list | dict):
        return _escape(json.dumps(value))
    return str(value)


def _copy_line(row: Sequence[Any]) -> str:
    return "\t".join([_copy_value(value) for value in row]) + "\n"


def _has_copy_expert() -> bool:
    # copy_expert is psycopg2's; with psycopg 3 the writer falls back to bulk_create.
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


class RowWriter:
    """Allocates primary keys and inserts rows given as tuples of attribute values.

    Columns are attribute names (`family_id`, not `family`); the first one must be `id`. Concrete
    fields the caller leaves out get their model default, so that a field added later to a model
    does not break the COPY path.
    """

    def __init__(self, *, use_copy: bool | None = None) -> None:
        if use_copy is None:
            use_copy = connection.vendor == "postgresql" and _has_copy_expert()
        self.use_copy = use_copy
        self._next_local_id: dict[type[models.Model], int] = {}
        self._sequences: dict[type[models.Model], str] = {}

    def next_ids(self, model: type[models.Model], count: int) -> list[int]:
        """Reserve `count` primary keys; on PostgreSQL from the table's own sequence."""
        if count <= 0:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if model not in self._sequences:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
                    self._sequences[model] = cursor.fetchone()[0]
                # the sequence's name is resolved once: per row it would cost five times as much
                cursor.execute(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    [self._sequences[model], count],
                )
                return [row[0] for row in cursor.fetchall()]
        # Elsewhere (SQLite) the seeder is the only writer while it runs, so max + 1 is safe; keys
        # handed out but not yet written count too.
        highest = model._default_manager.aggregate(highest=models.Max("pk"))["highest"] or 0
        first = max(highest + 1, self._next_local_id.get(model, 0))
        self._next_local_id[model] = first + count
        return list(range(first, first + count))

    def insert(
        self, model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        if columns[0] != "id":
            raise ValueError("The first column must be the primary key 'id'.")
        if not self.use_copy:
            objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
            model._default_manager.bulk_create(objects, batch_size=2000)
            return
        meta = model._meta
        given = set(columns)
        extra_names: list[str] = []
        extra_values: list[Any] = []
        now = timezone.now()
        for field in meta.concrete_fields:
            if field.attname in given or isinstance(field, models.GeneratedField):
                continue
            extra_names.append(field.column)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                extra_values.append(now)
            else:
                extra_values.append(field.get_default())
        db_columns = [meta.get_field(name).column for name in columns] + extra_names
        extra = tuple(extra_values)
        buffer = io.StringIO()
        buffer.writelines(_copy_line(tuple(row) + extra) for row in rows)
        buffer.seek(0)
        quote = connection.ops.quote_name
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(name) for name in db_columns)}) FROM STDIN"
        with connection.cursor() as cursor:
            cursor.copy_expert(sql, buffer)


class Rows:
    """Rows waiting to be written, per model, with primary keys drawn from the writer in chunks.

    A row is given by column name (`rows.add(Child, family_id=..., first_name=...)`), so the columns
    and their values are written once, side by side; every row of a model must name the same columns.
    """

    def __init__(self, writer: RowWriter, *, chunk: int = 500) -> None:
        self.writer = writer
        self.chunk = chunk
        self.columns: dict[type[models.Model], tuple[str, ...]] = {}
        self.rows: dict[type[models.Model], list[tuple]] = defaultdict(list)
        self._free_ids: dict[type[models.Model], list[int]] = defaultdict(list)

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Queue one row; returns its primary key, for the rows that point at it."""
        free = self._free_ids[model]
        if not free:
            free.extend(reversed(self.writer.next_ids(model, self.chunk)))
        pk = free.pop()
        columns = ("id", *values)
        if self.columns.setdefault(model, columns) != columns:
            raise ValueError(f"Rows of {model.__name__} must all have the same columns.")
        self.rows[model].append((pk, *values.values()))
        return pk

    def flush(self) -> None:
        for model, rows in self.rows.items():  # insertion order: parents before children
            self.writer.insert(model, self.columns[model], rows)
        self.rows.clear()
