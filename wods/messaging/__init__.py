"""Everything that speaks AMQP: topology, publisher, consumer and the dead-letter replay."""
