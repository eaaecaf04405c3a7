from django.apps import AppConfig


class WodsConfig(AppConfig):
    name = "wods"
    verbose_name = "Workouts of the Day"

    def ready(self) -> None:
        """Plug the broker into /readyz/ and the WOD pipeline into /metrics."""
        from coachsite.health import register_readiness_check
        from coachsite.metrics import register_metrics_collector
        from wods.metrics import WodPipelineCollector
        from wods.selectors import broker_check

        register_readiness_check("broker", broker_check)
        register_metrics_collector("wods", WodPipelineCollector())
