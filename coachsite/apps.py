from django.apps import AppConfig


class CoachsiteConfig(AppConfig):
    """The project itself as an app: its cross-cutting migrations and system checks."""

    name = "coachsite"
    verbose_name = "Coach"

    def ready(self) -> None:
        from coachsite import checks  # noqa: F401  (registers the checks)
