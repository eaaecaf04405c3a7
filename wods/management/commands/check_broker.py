from django.core.management.base import BaseCommand, CommandError

from wods.broker import BROKER_ERRORS, TopologyMismatch, broker_address
from wods.services import wod_queues_declare


class Command(BaseCommand):
    help = "Check that RabbitMQ answers at AMQP_URL and declare the WOD queues."

    def handle(self, *args, **options):
        try:
            wod_queues_declare()
        except TopologyMismatch as error:
            raise CommandError(str(error)) from None
        except BROKER_ERRORS as error:
            raise CommandError(
                f"RabbitMQ is not reachable at {broker_address()} "
                f"({type(error).__name__}). Start it with `docker compose up -d rabbitmq` "
                "(or `sudo rabbitmq-server -detached` on this machine), or set AMQP_URL."
            ) from None
        self.stdout.write(f"RabbitMQ is up at {broker_address()}.")
