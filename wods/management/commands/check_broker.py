import pika
import pika.exceptions
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wods.messaging.topology import Topology, connection_parameters


def _without_password(url: str) -> str:
    parameters = pika.URLParameters(url)
    return f"amqp://{parameters.credentials.username}@{parameters.host}:{parameters.port}"


class Command(BaseCommand):
    help = "Check that RabbitMQ answers at AMQP_URL and declare the WOD queues."

    def handle(self, *args, **options):
        try:
            connection = pika.BlockingConnection(connection_parameters())
        except pika.exceptions.AMQPError as error:
            raise CommandError(
                f"RabbitMQ is not reachable at {_without_password(settings.AMQP_URL)} "
                f"({type(error).__name__}). Start it with `docker compose up -d rabbitmq` "
                "(or `sudo rabbitmq-server -detached` on this machine), or set AMQP_URL."
            ) from None
        try:
            Topology.from_settings().declare(connection.channel())
        finally:
            connection.close()
        self.stdout.write(f"RabbitMQ is up at {_without_password(settings.AMQP_URL)}.")
