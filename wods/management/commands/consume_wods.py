import logging
from wsgiref.simple_server import WSGIServer

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wods.broker import TopologyMismatch
from wods.consumer import WodConsumer
from wods.consumer_metrics import serve_consumer_metrics

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Consume WOD requests from RabbitMQ, generate each WOD and store it."

    # Swappable, so tests and benchmarks can run a variant of the consumer.
    consumer_class = WodConsumer

    def add_arguments(self, parser):
        parser.add_argument(
            "--prefetch",
            type=int,
            default=settings.WOD_PREFETCH,
            help="Unacked messages held at once; also the largest batch (default: WOD_PREFETCH).",
        )
        parser.add_argument(
            "--failure-rate",
            type=float,
            default=settings.WOD_FAILURE_RATE,
            help="Probability that generation fails, to exercise retries (WOD_FAILURE_RATE).",
        )
        parser.add_argument(
            "--max-messages", type=int, default=None, help="Exit after handling N messages."
        )
        parser.add_argument(
            "--idle-exit",
            type=float,
            default=None,
            metavar="SECONDS",
            help="Exit after SECONDS without a message.",
        )
        parser.add_argument(
            "--metrics-port",
            type=int,
            default=settings.WOD_CONSUMER_METRICS_PORT,
            metavar="PORT",
            help="Serve /metrics and /healthz on PORT; 0 turns it off "
            "(default: WOD_CONSUMER_METRICS_PORT). Consumers on one host need a port each.",
        )

    def handle(
        self, *args, prefetch, failure_rate, max_messages, idle_exit, metrics_port, **options
    ):
        if prefetch < 1:
            raise CommandError("--prefetch must be at least 1.")
        if not 0.0 <= failure_rate <= 1.0:
            raise CommandError("--failure-rate must be between 0 and 1.")
        if max_messages is not None and max_messages < 1:
            raise CommandError("--max-messages must be at least 1.")
        if idle_exit is not None and idle_exit <= 0:
            raise CommandError("--idle-exit must be a positive number of seconds.")
        if not 0 <= metrics_port <= 65535:
            raise CommandError("--metrics-port must be between 0 (off) and 65535.")
        if settings.WOD_MAX_DELIVERIES < 1:
            raise CommandError("WOD_MAX_DELIVERIES must be at least 1.")
        consumer = self.consumer_class(
            prefetch=prefetch,
            failure_rate=failure_rate,
            max_messages=max_messages,
            idle_exit=idle_exit,
        )
        server = self._serve_metrics(consumer, metrics_port) if metrics_port else None
        consumer.install_signal_handlers()
        try:
            stats = consumer.run()
        except TopologyMismatch as error:
            raise CommandError(str(error)) from None
        finally:
            if server is not None:
                server.shutdown()
                server.server_close()
        self.stdout.write(f"Handled {stats.handled} messages: {stats.counts}")

    def _serve_metrics(self, consumer: WodConsumer, port: int) -> WSGIServer:
        addr = settings.WOD_CONSUMER_METRICS_ADDR
        try:
            server = serve_consumer_metrics(consumer.metrics, addr=addr, port=port)
        except OSError as error:
            raise CommandError(
                f"Cannot serve metrics on {addr}:{port} ({error.strerror or error}). Consumers on "
                "one host need a --metrics-port each (or WOD_CONSUMER_METRICS_PORT=0 for none)."
            ) from None
        logger.info("[Consumer] Metrics on http://%s:%d/metrics, liveness on /healthz", addr, port)
        return server
