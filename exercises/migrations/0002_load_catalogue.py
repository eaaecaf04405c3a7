from django.db import migrations

from exercises.catalogue import catalogue_read, catalogue_sync


def load_catalogue(apps, schema_editor):
    catalogue_sync(
        data=catalogue_read(),
        muscle_group_model=apps.get_model("exercises", "MuscleGroup"),
        equipment_model=apps.get_model("exercises", "Equipment"),
        exercise_model=apps.get_model("exercises", "Exercise"),
    )


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
