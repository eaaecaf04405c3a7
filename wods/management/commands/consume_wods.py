from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wods.messaging.consumer import WodConsumer
from wods.messaging.topology import TopologyMismatch


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

    def handle(self, *args, prefetch, failure_rate, max_messages, idle_exit, **options):
        if prefetch < 1:
            raise CommandError("--prefetch must be at least 1.")
        if not 0.0 <= failure_rate <= 1.0:
            raise CommandError("--failure-rate must be between 0 and 1.")
        if max_messages is not None and max_messages < 1:
            raise CommandError("--max-messages must be at least 1.")
        if idle_exit is not None and idle_exit <= 0:
            raise CommandError("--idle-exit must be a positive number of seconds.")
        if settings.WOD_MAX_DELIVERIES < 1:
            raise CommandError("WOD_MAX_DELIVERIES must be at least 1.")
        consumer = self.consumer_class(
            prefetch=prefetch,
            failure_rate=failure_rate,
            max_messages=max_messages,
            idle_exit=idle_exit,
        )
        consumer.install_signal_handlers()
        try:
            stats = consumer.run()
        except TopologyMismatch as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Handled {stats.handled} messages: {stats.counts}")
