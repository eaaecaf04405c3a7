from django.apps import AppConfig


class WodsConfig(AppConfig):
    name = "wods"
    verbose_name = "Workouts of the Day"
