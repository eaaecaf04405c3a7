"""gunicorn's settings for the web container (docker/start-web); the command line adds the rest.

Workers share their Prometheus samples through PROMETHEUS_MULTIPROC_DIR (coachsite/metrics.py).
"""

import os

from prometheus_client import multiprocess

# X-Forwarded-Proto (and its kin) is believed only from these addresses: the proxy that ends
# TLS. Anyone else who reaches the port cannot pass plain HTTP off as HTTPS. The production
# settings leave the scheme to gunicorn (no SECURE_PROXY_SSL_HEADER), so this is the one
# place that decides it. A list of addresses or networks, comma separated.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The access log goes to stdout, in the format of LOG_FORMAT like every other line.
accesslog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "message"],
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            },
        },
        # gunicorn's defaults name the handlers `console`; Django configures the root anew.
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
    # The access logger's handler comes from logconfig_dict; `accesslog` would add a second.
    accesslog = None


def child_exit(server, worker) -> None:
    """A dead worker's live gauges leave the sums; its counters stay in them."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
