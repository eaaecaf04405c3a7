"""What every input serializer of the API shares."""

from collections.abc import Mapping

from rest_framework import serializers

# Django's HTML forms (the browsable API's) post the CSRF token beside the fields.
FORM_ONLY_FIELDS = frozenset({"csrfmiddlewaretoken"})


class RejectUnknownFieldsMixin:
    """Refuse a body that names a field the serializer does not have, instead of ignoring it.

    A typo (`for_dat`) or a field a client may not set (`email`, `is_staff`) then gets a 400
    naming it, beside the errors of the known fields. The OpenAPI schema says the same
    (`additionalProperties: false`, see coachsite/schema.py).
    """

    def to_internal_value(self, data):
        unknown = (
            sorted(set(data) - set(self.fields) - FORM_ONLY_FIELDS)
            if isinstance(data, Mapping)
            else []
        )
        errors = {name: ["Unknown field."] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if errors and isinstance(error.detail, Mapping):
                raise serializers.ValidationError({**error.detail, **errors}) from error
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value
