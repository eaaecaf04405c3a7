from django.db import migrations, models


class Migration(migrations.Migration):
    """The rules the database can hold, once 0005 has filled every row."""

    dependencies = [("exercises", "0005_load_coaching_catalogue")]

    operations = [
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(('pace_advanced_s__gt', 0), ('pace_beginner_s__gte', models.F('pace_intermediate_s')), ('pace_intermediate_s__gte', models.F('pace_advanced_s'))), name='exercises_exercise_pace_slowest_at_beginner'),
        ),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(('max_per_bout_advanced__gte', models.F('max_per_bout_intermediate')), ('max_per_bout_intermediate__gte', models.F('max_per_bout_beginner')), ('max_per_session_advanced__gte', models.F('max_per_session_intermediate')), ('max_per_session_intermediate__gte', models.F('max_per_session_beginner'))), name='exercises_exercise_caps_grow_with_level'),
        ),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(('max_per_bout_advanced__lte', models.F('max_per_session_advanced')), ('max_per_bout_beginner__lte', models.F('max_per_session_beginner')), ('max_per_bout_intermediate__lte', models.F('max_per_session_intermediate'))), name='exercises_exercise_bout_within_session'),
        ),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(('min_per_bout__gte', 1), models.Q(('max_per_session_beginner', 0), ('min_per_bout__lte', models.F('max_per_bout_beginner')), _connector='OR'), models.Q(('max_per_session_intermediate', 0), ('min_per_bout__lte', models.F('max_per_bout_intermediate')), _connector='OR'), models.Q(('max_per_session_advanced', 0), ('min_per_bout__lte', models.F('max_per_bout_advanced')), _connector='OR')), name='exercises_exercise_min_bout_within_max'),
        ),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('load_kg__isnull', True), ('load_scaled_kg__isnull', True), ('load_women_kg__isnull', True)), models.Q(('load_kg__isnull', False), ('load_scaled_kg__isnull', False), ('load_scaled_kg__lte', models.F('load_kg')), ('load_women_kg__isnull', False), ('load_women_kg__lte', models.F('load_kg'))), _connector='OR'), name='exercises_exercise_loads_set_together_within_rx'),
        ),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('scaled_substitute', models.F('pk')), _negated=True), models.Q(('beginner_substitute', models.F('pk')), _negated=True)), name='exercises_exercise_substitute_not_itself'),
        ),
    ]
