"""Login lockout (django-axes): too many wrong passwords for one account from one address.

Every login goes through `authenticate()`: the admin's and the browsable API's login pages,
and the token endpoint. django-axes counts the failures of each (client address, account)
pair; once a pair reaches AXES_FAILURE_LIMIT, that pair is refused, right password or not,
until AXES_COOLOFF_TIME passes without a new attempt. The account's owner, from any other
address, still logs in: an attacker cannot lock a known account out. The settings name the
functions below (AXES_*_CALLABLE); SECURITY.md explains the choice.
https://django-axes.readthedocs.io/en/latest/4_configuration.html
"""

import ipaddress

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from users.models import normalize_email_address

# AccessAttempt.username's length.
ACCOUNT_MAX_LENGTH = 255


def client_address(request: HttpRequest) -> str | None:
    """The address the API throttles count, so both agree on who the client is.

    REMOTE_ADDR, or the X-Forwarded-For entry DJANGO_NUM_PROXIES proxies vouch for; a value
    that is no IP address (a misconfigured proxy count) falls back to REMOTE_ADDR.
    """
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None


def account(request: HttpRequest, credentials: dict | None) -> str:
    """The account tried, as logins find it: trimmed and lower-cased.

    The login pages post `username`, the token endpoint `email`; "Ana@Example.com" and
    "ana@example.com" are one account, and so one count.
    """
    credentials = credentials or {}
    tried = credentials.get("email") or credentials.get("username") or ""
    return normalize_email_address(str(tried))[:ACCOUNT_MAX_LENGTH]


def cool_off_seconds(request: HttpRequest) -> int:
    return int(get_cool_off(request).total_seconds())


def lockout_message(request: HttpRequest) -> str:
    minutes = max(1, round(cool_off_seconds(request) / 60))
    return (
        "Too many failed logins for this account from your address: logins are refused for "
        f"{minutes} minute{'s' if minutes != 1 else ''} after the last attempt. "
        "Try again later, or from another network."
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page again, its error saying why; 429 with Retry-After."""
    message = lockout_message(request)
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is not None:
        # The form says "wrong email or password"; the password was not even checked.
        form.errors.clear()
        form.add_error(None, message)
        response = TemplateResponse(
            request, original_response.template_name, context, status=429
        ).render()
    else:
        response = HttpResponse(message, content_type="text/plain; charset=utf-8", status=429)
    response["Retry-After"] = str(cool_off_seconds(request))
    return response


class LoginLockedOut(Throttled):
    """The token endpoint's answer to a locked-out pair: a 429 like its throttle's."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(wait=cool_off_seconds(request), detail=lockout_message(request))


def login_locked_out(request: HttpRequest) -> bool:
    """Whether django-axes refused this request's login (it marks the request it was given)."""
    return bool(getattr(request, "axes_locked_out", False))


def login_succeeded(request: HttpRequest, credentials: dict) -> None:
    """Clear the pair's count, as AXES_RESET_ON_SUCCESS does for the login pages.

    django-axes resets on Django's `user_logged_in` signal, which token logins do not send.
    """
    axes_reset(ip=client_address(request), username=account(request, credentials))
