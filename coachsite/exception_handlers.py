"""One handler maps the domain error and Django's own errors to DRF responses.

Anything else is left to surface as a 500 (and in the logs): an unknown error must not
pass for a success.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from coachsite.errors import ApplicationError

# Raised by Django while DRF reads the body; left alone they become an HTML 400 page.
BODY_TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, BODY_TOO_LARGE):
        # Django logs these to django.security.*; do the same, since this handler takes over.
        logging.getLogger(f"django.security.{type(exc).__name__}").warning("%s", exc)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if isinstance(exc, RequestDataTooBig):
            detail = f"The request body is larger than {limit} bytes."
        else:
            detail = "The request has too many fields or files."
        return Response({"detail": detail}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    elif isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, **exc.extra}, status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A view or filter raised a bare list (DRF's SearchFilter does): every 400 body is
        # an object, so it goes under the key the serializers use for whole-body errors.
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})
    return exception_handler(exc, context)
