import datetime

import django_filters

from users.time_zones import zone
from wods.models import Wod, WodFormat, WodRequest, WodResult


class WodFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="for_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="for_date", lookup_expr="lte")
    benchmark = django_filters.CharFilter(
        max_length=40, label="The named benchmark's slug, e.g. fran"
    )

    class Meta:
        model = Wod
        fields = ["date_from", "date_to", "format", "intensity", "benchmark"]


class WodRequestFilter(django_filters.FilterSet):
    class Meta:
        model = WodRequest
        fields = ["status", "source", "for_date"]


class WodResultFilter(django_filters.FilterSet):
    """Dates are the athlete's own: a result done at 23:30 in Sydney is of that Sydney day."""

    date_from = django_filters.DateFilter(
        method="performed_from", label="Performed on or after this date (the athlete's clock)"
    )
    date_to = django_filters.DateFilter(
        method="performed_to", label="Performed on or before this date (the athlete's clock)"
    )
    format = django_filters.ChoiceFilter(
        field_name="wod__format", choices=WodFormat.choices, label="The WOD's format"
    )
    benchmark = django_filters.CharFilter(
        field_name="wod__benchmark", label="The WOD's benchmark, by slug (e.g. fran)"
    )

    class Meta:
        model = WodResult
        fields = ["date_from", "date_to", "format", "benchmark"]

    def performed_from(self, queryset, name, value: datetime.date):
        start = self._midnight(value)
        return queryset if start is None else queryset.filter(performed_at__gte=start)

    def performed_to(self, queryset, name, value: datetime.date):
        end = self._midnight(value, days_after=1)
        return queryset if end is None else queryset.filter(performed_at__lt=end)

    def _midnight(self, day: datetime.date, *, days_after: int = 0) -> datetime.datetime | None:
        """Midnight `days_after` days after the start of `day` on the athlete's clock, in UTC;
        None at the calendar's ends (years 1 and 9999), beyond which no result lies."""
        try:
            local = datetime.datetime.combine(
                day, datetime.time(), zone(self.request.user.time_zone)
            )
            return (local + datetime.timedelta(days=days_after)).astimezone(datetime.UTC)
        except OverflowError:
            return None
