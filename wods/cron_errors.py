"""The cron jobs' failure, and the logging filter that keeps its report to one line.

Apart from wods/cron.py because LOGGING loads the filter while Django starts, before models
(which the jobs' services import) can be imported.
"""

import logging


class CronJobFailed(Exception):
    """A job could not do its work; the message says why, and never holds a credential."""


class CronJobFailedWithoutTraceback(logging.Filter):
    """Drops the traceback from django-crontab's "Failed to complete cronjob" for CronJobFailed.

    django-crontab logs every exception a job raises with its traceback; a CronJobFailed was
    explained by the job in one line already, and its traceback would only add noise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], CronJobFailed):
            record.exc_info = None
            record.exc_text = None
        return True
