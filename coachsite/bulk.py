"""Many rows of one model in one INSERT, without building a model instance per row.

The consumer stores a WOD and every row that hangs off it for a whole batch at once; Django's
`bulk_create` spends more time building instances and compiling the statement than the
database spends inserting (docs/BENCHMARKS.md). Here each row is a plain mapping of field
names (attnames, e.g. `wod_id`) to values, and on PostgreSQL the driver renders the whole
VALUES list itself (what `psycopg2.extras.execute_values` does), so a WOD with more rows costs
a little more data, not more statements.

Fields a row leaves out get what Django would give them: `auto_now`/`auto_now_add` fields the
current time, others their default, and an automatic primary key what the database makes
(`returning` hands those back, in the order of the rows). On PostgreSQL the values go to the
driver as they are: numbers, strings, dates, aware datetimes, UUIDs and None, which is what
these models hold. Other databases (SQLite) go through `bulk_create`.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

Row = Mapping[str, Any]


def bulk_insert(
    model: type[models.Model], rows: Sequence[Row], *, returning: str | None = None
) -> list[Any]:
    """INSERT `rows` (all with the same keys) into `model`'s table in one statement.

    Returns the `returning` field's value of each row, in order (empty without `returning`).
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objects = model._default_manager.bulk_create([model(**row) for row in rows])
        return [getattr(obj, returning) for obj in objects] if returning else []
    meta = model._meta
    given = list(rows[0])
    now = timezone.now()
    # The fields the rows leave out, each with what fills it in a row.
    filled: list[tuple[models.Field, Callable[[], Any]]] = []
    for field in meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.db_returning):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            filled.append((field, lambda: now))
        else:
            filled.append((field, field.get_default))
    columns = [meta.get_field(name).column for name in given] + [
        field.column for field, _ in filled
    ]
    quote = connection.ops.quote_name
    template = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        driver = cursor.cursor  # psycopg2's cursor, which renders each row's values
        values = b",".join(
            driver.mogrify(template, [row[name] for name in given] + [fill() for _, fill in filled])
            for row in rows
        ).decode(connection.connection.encoding)
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) VALUES {values}"
        )
        if returning is None:
            cursor.execute(sql)
            return []
        cursor.execute(f"{sql} RETURNING {quote(meta.get_field(returning).column)}")
        return [value for (value,) in cursor.fetchall()]
