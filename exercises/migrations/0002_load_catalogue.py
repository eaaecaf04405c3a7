from django.db import migrations


class Migration(migrations.Migration):
    """Loaded the catalogue once; the load now runs in 0005_load_coaching_catalogue.

    The catalogue's data holds every field of `Exercise`, so it is loaded after the migration
    that adds the last of them: with the historical models of this point, the coaching fields
    would not exist yet. Databases that ran this migration before keep their exercises, which
    0005 completes.
    """

    dependencies = [("exercises", "0001_initial")]

    operations = []
