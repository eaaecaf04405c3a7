"""Rows for tests, made through the same services the product uses where that matters."""

import datetime

from django.utils import timezone

from users.models import User
from wods.models import WodRequest


def make_wod_request(
    *,
    user: User,
    status: str = WodRequest.Status.QUEUED,
    for_date: datetime.date | None = None,
    source: str = WodRequest.Source.USER,
) -> WodRequest:
    """A request row without publishing anything: tests publish what they need themselves."""
    return WodRequest.objects.create(
        user=user, status=status, for_date=for_date or timezone.localdate(), source=source
    )
