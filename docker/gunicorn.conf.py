"""gunicorn's settings for the web container (docker/start-web); the command line adds the rest.

Workers share their Prometheus samples through PROMETHEUS_MULTIPROC_DIR (coachsite/metrics.py).
"""

import os

from prometheus_client import multiprocess

# The access log goes to stdout.
accesslog = "-"


def child_exit(server, worker) -> None:
    """A dead worker's live gauges leave the sums; its counters stay in them."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
