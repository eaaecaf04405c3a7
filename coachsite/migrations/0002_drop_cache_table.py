"""Drop the database cache's table: the throttle counts moved to the cache CACHE_URL names.

Kept when a cache of CACHES still uses it (CACHE_URL=dbcache://coach_cache). Migrating back
creates it again, as `createcachetable` would, for the code that counted there.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

TABLE = "coach_cache"


def in_use() -> bool:
    return any(
        cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        and cache["LOCATION"] == TABLE
        for cache in settings.CACHES.values()
    )


def drop_cache_table(apps, schema_editor):
    if not in_use() and TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("coachsite", "0001_cache_table")]

    operations = [migrations.RunPython(drop_cache_table, create_cache_table, elidable=False)]
