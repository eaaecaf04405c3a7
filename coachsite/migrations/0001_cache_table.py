"""The tables of the database caches CACHES names (none since CACHE_URL; see 0002).

`createcachetable` is idempotent and creates only what `CACHES` names, so `migrate` (run by
`make run`, docker/start-web and the test database setup) is enough to get it everywhere.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
