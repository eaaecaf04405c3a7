import django_filters

from wods.models import Wod, WodRequest


class WodFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="for_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="for_date", lookup_expr="lte")

    class Meta:
        model = Wod
        fields = ["date_from", "date_to", "format"]


class WodRequestFilter(django_filters.FilterSet):
    class Meta:
        model = WodRequest
        fields = ["status", "source", "for_date"]
