"""Everything that speaks AMQP to RabbitMQ, and nothing that knows the database.

The rest of the project reaches the broker through services and selectors; what they may
catch or show comes from here: `BROKER_ERRORS`, `TopologyMismatch` and `broker_address`.
"""

from wods.broker.connection import BROKER_ERRORS, broker_address
from wods.broker.topology import TopologyMismatch

__all__ = ["BROKER_ERRORS", "TopologyMismatch", "broker_address"]
