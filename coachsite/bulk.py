"""Many rows of one model in one statement, without building a model instance per row.

The consumer stores a WOD and every row that hangs off it for a whole batch at once; Django's
`bulk_create` spends more time building instances and compiling the statement than the
database spends inserting (docs/BENCHMARKS.md). Here each row is a plain mapping of field
names (attnames, e.g. `wod_id`) to values, so a WOD with more rows costs a little more data,
not more statements. On PostgreSQL:

- rows whose new ids are wanted (`returning`), or that may break a unique constraint
  (`skip_conflicts`), go in one `INSERT … VALUES … [ON CONFLICT DO NOTHING] [RETURNING …]`,
  the VALUES rendered by psycopg2 (what `psycopg2.extras.execute_values` does);
- the others go through `COPY … FROM STDIN`, about seven times cheaper per row to render.

Fields a row leaves out get what Django would give them: `auto_now`/`auto_now_add` fields the
current time, others their default, and an automatic primary key what the database makes.
The values go to PostgreSQL as they are: numbers, strings, dates, aware datetimes, UUIDs,
booleans and None, which is what these models hold. Other databases (SQLite) go through
`bulk_create`.
"""

from collections.abc import Callable, Mapping, Sequence
from io import StringIO
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

Row = Mapping[str, Any]

# COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
# https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def bulk_insert(
    model: type[models.Model],
    rows: Sequence[Row],
    *,
    returning: str | None = None,
    skip_conflicts: bool = False,
) -> list[Any]:
    """Insert `rows` (all with the same keys) into `model`'s table in one statement.

    Returns the `returning` field's value of each row inserted, in order (empty without
    `returning`). With `skip_conflicts`, a row that would break a unique constraint is left
    out, and so is its value; elsewhere than on PostgreSQL this needs the primary keys in the
    rows, which find the rows inserted.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        manager = model._default_manager
        objects = manager.bulk_create(
            [model(**row) for row in rows], ignore_conflicts=skip_conflicts
        )
        if not returning:
            return []
        if not skip_conflicts:
            return [getattr(obj, returning) for obj in objects]
        pks = [obj.pk for obj in objects]
        found = dict(manager.filter(pk__in=pks).values_list("pk", returning))
        return [found[pk] for pk in pks if pk in found]
    meta = model._meta
    given = list(rows[0])
    now = timezone.now()
    # What fills each field the rows leave out.
    filled: list[tuple[models.Field, Callable[[], Any]]] = []
    for field in meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.db_returning):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            filled.append((field, lambda: now))
        else:
            filled.append((field, field.get_default))
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(column)
        for column in [meta.get_field(name).column for name in given]
        + [field.column for field, _ in filled]
    )
    values = ([row[name] for name in given] + [fill() for _, fill in filled] for row in rows)
    with connection.cursor() as cursor:
        if returning is None and not skip_conflicts:
            data = StringIO("".join("\t".join(map(_copy_field, row)) + "\n" for row in values))
            # COPY has no `execute`; Django's wrapper still turns its errors into Django's.
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(
                    f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", data
                )
            return []
        driver = cursor.cursor  # psycopg2's cursor, which renders each row's values
        template = f"({', '.join(['%s'] * (len(given) + len(filled)))})"
        rendered = b",".join(driver.mogrify(template, row) for row in values)
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "
            f"VALUES {rendered.decode(connection.connection.encoding)}"
        )
        if skip_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        if returning is None:
            cursor.execute(sql)
            return []
        cursor.execute(f"{sql} RETURNING {quote(meta.get_field(returning).column)}")
        return [value for (value,) in cursor.fetchall()]


def bulk_insert_numbered(model: type[models.Model], rows: Sequence[Row]) -> list[int]:
    """Insert `rows` into `model`'s table and return their new primary keys, in order.

    On PostgreSQL the keys are drawn from the table's sequence first (one statement), so the
    rows go in by COPY, much cheaper than an INSERT ... RETURNING that renders every value;
    elsewhere this is `bulk_insert(..., returning=pk)`.
    """
    if not rows:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return bulk_insert(model, rows, returning=meta.pk.attname)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        keys = [key for (key,) in cursor.fetchall()]
    bulk_insert(
        model,
        [{**row, meta.pk.attname: key} for row, key in zip(rows, keys, strict=True)],
    )
    return keys


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)  # numbers, dates, aware datetimes and UUIDs in PostgreSQL's input format
