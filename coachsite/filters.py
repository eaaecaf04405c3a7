"""Query parameters read as strictly as the OpenAPI schema documents them."""

import re

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import exceptions, filters


class StrictIntegerField(forms.IntegerField):
    """Digits only: Django's IntegerField also takes `5.0` and `5.000`, which the schema's
    `integer` does not."""

    digits = re.compile(r"^-?\d+$")

    def to_python(self, value):
        if value not in self.empty_values and not self.digits.match(str(value).strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SingleValuedQueryParameters(filters.BaseFilterBackend):
    """A list's query parameters (filters, `page`, `ordering`, `search`) each take one value;
    `?equipment=barbell&equipment=rower` is a 400 naming the parameter rather than a filter
    silently applied to the last value only."""

    def filter_queryset(self, request, queryset, view):
        repeated = sorted(name for name, values in request.query_params.lists() if len(values) > 1)
        if repeated:
            raise exceptions.ValidationError(
                {name: ["Give this parameter once."] for name in repeated}
            )
        return queryset
