from django.db import migrations
from django.utils.text import slugify

from exercises.catalogue import catalogue_read, catalogue_sync


def load_catalogue(apps, schema_editor):
    """Load the catalogue with its coaching data, then complete the exercises it lacks.

    On a fresh database this creates the whole catalogue. On an existing one it fills the
    shipped exercises' coaching fields and adds the new exercises; exercises staff added
    themselves keep 0004's placeholders (docs/CATALOGUE.md, "Upgrading"), with the role
    metcon, a family of their own and women's and scaled loads equal to the men's, so that the
    constraints of 0006 hold.
    """
    exercise_model = apps.get_model("exercises", "Exercise")
    catalogue_sync(
        data=catalogue_read(),
        muscle_group_model=apps.get_model("exercises", "MuscleGroup"),
        equipment_model=apps.get_model("exercises", "Equipment"),
        exercise_model=exercise_model,
    )
    for exercise in exercise_model.objects.filter(family=""):
        exercise.family = slugify(exercise.name)[:40] or f"exercise-{exercise.pk}"
        exercise.roles = exercise.roles or ["metcon"]
        exercise.load_women_kg = exercise.load_scaled_kg = exercise.load_kg
        exercise.save()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0004_coaching_fields")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
