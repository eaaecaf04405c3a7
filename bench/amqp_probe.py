"""Hold one AMQP connection and tell what becomes of it: the cut-network test's witness.

    python -m bench.amqp_probe URL [--heartbeat SECONDS]

Prints `connected` once the connection is open, then keeps it alive (heartbeats both ways)
until it breaks, and prints `lost <error>` (exit status 3). Prints `unreachable <error>`
(exit status 2) when it cannot connect at all.
"""

import argparse
import sys

import pika
import pika.exceptions

UNREACHABLE = 2
LOST = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--heartbeat", type=int, default=1)
    arguments = parser.parse_args()
    parameters = pika.URLParameters(arguments.url)
    parameters.heartbeat = arguments.heartbeat
    parameters.connection_attempts = 1
    parameters.socket_timeout = 5
    parameters.stack_timeout = 5
    try:
        connection = pika.BlockingConnection(parameters)
    except pika.exceptions.AMQPError as error:
        print(f"unreachable {error!r}", flush=True)
        return UNREACHABLE
    print("connected", flush=True)
    try:
        while True:
            connection.process_data_events(time_limit=1)
    except pika.exceptions.AMQPError as error:
        print(f"lost {error!r}", flush=True)
        return LOST


if __name__ == "__main__":
    sys.exit(main())
