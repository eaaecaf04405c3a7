"""What every input serializer of the API shares."""

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import serializers

# Django's HTML forms (the browsable API's) post the CSRF token beside the fields.
FORM_ONLY_FIELDS = frozenset({"csrfmiddlewaretoken"})


# The JSON type each kind of field takes. DRF also reads `"3"` as an integer, `0` as a string
# and `"yes"` as a boolean; the API says what it means instead, as its schema does.
JSON_TYPES: tuple[tuple[type[serializers.Field], type | tuple[type, ...], str], ...] = (
    (serializers.BooleanField, bool, "invalid"),
    (serializers.IntegerField, int, "invalid"),
    (serializers.CharField, str, "invalid"),
    # As the API writes decimals: "42.5", which keeps their exact value.
    (serializers.DecimalField, str, "invalid"),
    (serializers.ListField, (list, tuple), "not_a_list"),
)


class StrictInputMixin:
    """Refuse what DRF would quietly ignore or coerce: unknown fields, and JSON values of the
    wrong type.

    A typo (`for_dat`) or a field a client may not set (`email`, `is_staff`) gets a 400 naming
    it, beside the errors of the known fields; so does `"last_name": 0`. The OpenAPI schema
    says the same (`additionalProperties: false`, see coachsite/schema.py). Form data (the
    browsable API's) is all strings, so only its field names are checked.
    """

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, Mapping):
            for name in sorted(set(data) - set(self.fields) - FORM_ONLY_FIELDS):
                errors[name] = ["Unknown field."]
            if not isinstance(data, QueryDict):
                errors.update(self._type_errors(data))
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if errors and isinstance(error.detail, Mapping):
                raise serializers.ValidationError({**error.detail, **errors}) from error
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def _type_errors(self, data: Mapping) -> dict[str, list[str]]:
        errors = {}
        for name, value in data.items():
            field = self.fields.get(name)
            if field is None or field.read_only or value is None:
                continue
            for field_class, json_type, message in JSON_TYPES:
                if isinstance(field, field_class):
                    if not isinstance(value, json_type) or (
                        json_type is int and isinstance(value, bool)
                    ):
                        detail = field.error_messages[message]
                        errors[name] = [detail.format(input_type=type(value).__name__)]
                    break
        return errors


class SlugListField(serializers.ListField):
    """A list of slugs in, the model rows they name out; rows back to slugs on the way out.

    DRF's `SlugRelatedField(many=True)` runs one query per item and accepts a JSON object as
    a list (of its keys); a 200 KB body of slugs then holds a worker for seconds. This field
    takes a real list, at most `max_length` slugs, and looks them all up in one query.
    Repeated slugs count once.
    """

    def __init__(self, *, queryset, max_length: int = 100, **kwargs) -> None:
        self.queryset = queryset
        super().__init__(child=serializers.CharField(), max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list | tuple) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        slugs = list(dict.fromkeys(super().to_internal_value(data)))
        rows = {row.slug: row for row in self.queryset.filter(slug__in=slugs)}
        if unknown := [slug for slug in slugs if slug not in rows]:
            raise serializers.ValidationError(
                [f"Unknown: {', '.join(unknown[:10])}."], code="does_not_exist"
            )
        return [rows[slug] for slug in slugs]

    def to_representation(self, value):
        return [row.slug for row in value.all()]
