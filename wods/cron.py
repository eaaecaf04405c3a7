"""The jobs cron runs: CRONJOBS in settings, installed with `manage.py crontab add`.

The daily job goes through the public API, as any client would: it gets a token for the
service account (COACH_SERVICE_EMAIL / COACH_SERVICE_PASSWORD, kept by `manage.py
create_service_account`) from COACH_API_URL, then asks the daily endpoint, the one thing
that account may do, for the WODs of the athletes whose day has begun (their own clock past
WOD_DAILY_LOCAL_HOUR), one page of athletes per call, each answer's cursor naming the next,
until none is left. It runs every hour (WOD_DAILY_CRON), so each athlete is served in the
first run after their local hour. Connection errors, read timeouts, 429 and 5xx answers
are retried with a growing delay; every call is safe to repeat (a page served twice creates
nothing the second time), so a job that died halfway is simply run again: the pages already
served go by quickly. A failure is logged in one line, without credentials or a traceback,
and raised as CronJobFailed so that django-crontab records the run as failed.
"""

import logging
import time

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from wods.broker import BROKER_ERRORS
from wods.cron_errors import CronJobFailed
from wods.permissions import DAILY_WODS_PERMISSION
from wods.services import wod_dead_letters_reconcile, wod_requests_publish_pending

logger = logging.getLogger(__name__)

TOKEN_PATH = "/api/auth/token/"
DAILY_PATH = "/api/wods/requests/daily/"
CONNECT_TIMEOUT_SECONDS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)


class LoggedRetry(Retry):
    """urllib3's Retry, which also logs each retry it is about to make in one line."""

    def increment(self, method=None, url=None, response=None, error=None, **kwargs) -> Retry:
        retry = super().increment(method, url, response=response, error=error, **kwargs)
        reason = f"HTTP {response.status}" if response is not None else str(error)
        logger.warning(
            "[Cron] %s %s failed (%s); retry %d of %d in %.1fs",
            method,
            url,
            reason,
            len(retry.history),
            settings.COACH_API_RETRIES,
            retry.get_backoff_time(),
        )
        return retry


def get_access_token() -> str:
    """A JWT access token for the service account, from the API's token endpoint."""
    if not settings.COACH_SERVICE_PASSWORD:
        raise CronJobFailed("COACH_SERVICE_PASSWORD is not set")
    response = _post(
        TOKEN_PATH,
        json={"email": settings.COACH_SERVICE_EMAIL, "password": settings.COACH_SERVICE_PASSWORD},
    )
    if response.status_code in (400, 401):
        raise CronJobFailed(
            f"the API refused the service account's credentials (HTTP {response.status_code}): "
            "check COACH_SERVICE_EMAIL and COACH_SERVICE_PASSWORD, and run "
            "`manage.py create_service_account`"
        )
    access = _json(response, TOKEN_PATH).get("access")
    if not isinstance(access, str):
        raise CronJobFailed(f"{TOKEN_PATH} answered without an access token")
    return access


def request_daily_wods(token: str, cursor: str | None = None) -> dict:
    """Ask the API for one page of the run's daily WOD requests; returns its answer."""
    response = _post(
        DAILY_PATH,
        headers={"Authorization": f"Bearer {token}"},
        json={"cursor": cursor, "page_size": settings.WOD_DAILY_PAGE_SIZE},
    )
    if response.status_code in (401, 403):
        raise CronJobFailed(
            f"{DAILY_PATH} refused the service account (HTTP {response.status_code}): it must "
            f"be active and hold the {DAILY_WODS_PERMISSION} permission; run "
            "`manage.py create_service_account`"
        )
    return _json(response, DAILY_PATH)


def daily_wods() -> None:
    """The daily job: a token, then one WOD request for every due athlete who has none for
    their local date, page after page; a token that expires during a long run is renewed."""
    # A new token at half the access token's lifetime (JWT_ACCESS_MINUTES), before it runs out.
    renew_after = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds() / 2
    totals = {"created": 0, "existing": 0, "queued": 0}
    cursor, pages, as_of = None, 0, None
    try:
        token = get_access_token()
        token_born = time.monotonic()
        while True:
            if time.monotonic() - token_born > renew_after:
                token, token_born = get_access_token(), time.monotonic()
            page = request_daily_wods(token, cursor)
            pages += 1
            as_of = page.get("as_of")
            for count in totals:
                totals[count] += int(page.get(count) or 0)
            logger.info(
                "[Cron] Daily WODs as of %s, page %d: %s created, %s already existed, %s queued",
                as_of,
                pages,
                page.get("created"),
                page.get("existing"),
                page.get("queued"),
            )
            cursor = page.get("next_cursor")
            if not cursor:
                break
    except CronJobFailed as error:
        # The pages served so far stay served: running the job again goes on from there.
        logger.error("[Cron] Daily WODs failed: %s", error)
        raise
    logger.info(
        "[Cron] Daily WODs as of %s in %d page(s): %s created, %s already existed, %s queued",
        as_of,
        pages,
        totals["created"],
        totals["existing"],
        totals["queued"],
    )


def publish_pending_wods() -> None:
    """The outbox relay, every minute: publish the requests the broker missed, then make the
    requests agree with the messages it dead-lettered (`wod_dead_letters_reconcile`)."""
    published = wod_requests_publish_pending()
    if published:
        logger.info("[Cron] Published %d pending request(s)", published)
    try:
        reconciled = wod_dead_letters_reconcile()
    except BROKER_ERRORS as error:
        logger.warning("[Cron] Dead letters not reconciled, the broker failed: %r", error)
        return
    if reconciled.dropped or reconciled.marked_dead:
        logger.info("[Cron] %s", reconciled.summary())


def _post(path: str, **kwargs) -> requests.Response:
    url = f"{settings.COACH_API_URL.rstrip('/')}{path}"
    retry = LoggedRetry(
        total=settings.COACH_API_RETRIES,
        backoff_factor=settings.COACH_API_BACKOFF_SECONDS,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"POST"}),
        raise_on_status=False,
    )
    with requests.Session() as session:
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        try:
            response = session.post(
                url,
                timeout=(CONNECT_TIMEOUT_SECONDS, settings.COACH_API_TIMEOUT_SECONDS),
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as error:
            # The exception's text names the host and path only; the body (the password)
            # and the headers (the token) are never part of it.
            raise CronJobFailed(
                f"POST {url} failed after {settings.COACH_API_RETRIES} retries: {_reason(error)}"
            ) from None
    if response.is_redirect:
        raise CronJobFailed(
            f"POST {url} is redirected to {response.headers.get('Location')}: set "
            "COACH_API_URL to the address the API is served at"
        )
    return response


def _reason(error: requests.RequestException) -> str:
    """The last attempt's own error, e.g. "…: Failed to establish a new connection: …"."""
    cause = error.args[0] if error.args else error
    return str(getattr(cause, "reason", None) or cause)


def _json(response: requests.Response, path: str) -> dict:
    if response.status_code in RETRY_STATUSES:
        raise CronJobFailed(
            f"{path} still answered HTTP {response.status_code} {response.reason} after "
            f"{settings.COACH_API_RETRIES} retries"
        )
    if response.status_code >= 400:
        raise CronJobFailed(f"{path} answered HTTP {response.status_code} {response.reason}")
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise CronJobFailed(f"{path} answered HTTP {response.status_code} without a JSON object")
    return body
