"""The OpenAPI schema as the API really answers: its error responses, and strict request bodies.

drf-spectacular documents the success response of each operation. A client (and schemathesis,
which CI runs against the schema) also needs the errors each operation can give, so they are
added here from what the view is: a body can be invalid (400), too large (413) or of another
media type (415); an authenticated view can answer 401 and 403; a detail route or a page
number can be missing (404); a throttled view can answer 429 with Retry-After; and any of
them answers 503 with Retry-After while the database is unavailable (coachsite/middleware.py).

A DELETE may take a body too, where the view names its serializer in
`delete_request_serializer` (deleting an account asks for its password): drf-spectacular
leaves DELETE bodies out, as OpenAPI 3.0 gives them no defined meaning, yet the client must
send this one.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from rest_framework_simplejwt.views import TokenViewBase

from coachsite.serializers import StrictInputMixin

ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, in `detail`; JWT errors add `code` and `messages`.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "The errors of each field by name (`non_field_errors` for the whole body), "
    "or a `detail` when the body could not be parsed.",
    "additionalProperties": {},
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the throttle lets the next request through.",
        "schema": {"type": "integer"},
        "required": True,
    }
}
UNAVAILABLE_SCHEMA = {
    "type": "object",
    "description": "The database is unavailable (a restart or a failover); retry later.",
    "properties": {"detail": {"type": "string"}, "retry_after": {"type": "integer"}},
    "required": ["detail", "retry_after"],
}
RETRY_AFTER_UNAVAILABLE = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
        "required": True,
    }
}
BODY_METHODS = ("POST", "PUT", "PATCH")


class CoachAutoSchema(AutoSchema):
    def _get_request_body(self, direction="request"):
        serializer = self._delete_request_serializer()
        if serializer is None:
            return super()._get_request_body(direction)
        schema, required = self._get_request_for_media_type(serializer, direction)
        return {
            "content": {media_type: {"schema": schema} for media_type in self.map_parsers()},
            "required": required,
        }

    def _delete_request_serializer(self):
        if self.method != "DELETE":
            return None
        return getattr(self.view, "delete_request_serializer", None)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            responses.setdefault(code, response)
        return responses

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # An empty filter, page or ordering (`?date_to=`, as HTML filter forms send) is the
            # same as leaving it out.
            if parameter["in"] == "query":
                parameter["allowEmptyValue"] = True
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(force_instance(serializer), StrictInputMixin):
            schema["additionalProperties"] = False
        return schema

    def _error_responses(self) -> dict[str, dict]:
        error = self._component("Error", ERROR_SCHEMA)
        responses = {}
        has_body = self.method in BODY_METHODS or self._delete_request_serializer() is not None
        is_list = self.method == "GET" and self._is_list_view()
        authenticates = bool(self.view.get_authenticators())
        if has_body or is_list:
            responses["400"] = self._error(
                "Invalid input.", self._component("ValidationError", VALIDATION_ERROR_SCHEMA)
            )
        if authenticates or isinstance(self.view, TokenViewBase):
            responses["401"] = self._error("Missing, invalid or expired credentials.", error)
        if authenticates:
            responses["403"] = self._error("Not allowed to the caller.", error)
        if "{" in self.path or (is_list and self._get_paginator()):
            responses["404"] = self._error("No such object, or no such page.", error)
        if has_body:
            responses["413"] = self._error("The body is larger than the upload limit.", error)
            responses["415"] = self._error("The body is neither JSON nor a form.", error)
        if getattr(self.view, "throttle_scope", None):
            responses["429"] = {**self._error("Too many requests.", error), "headers": RETRY_AFTER}
        responses["503"] = {
            **self._error(
                "The database is unavailable; retry after Retry-After seconds.",
                self._component("Unavailable", UNAVAILABLE_SCHEMA),
            ),
            "headers": RETRY_AFTER_UNAVAILABLE,
        }
        return responses

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref

    @staticmethod
    def _error(description: str, schema: dict) -> dict:
        return {"description": description, "content": {"application/json": {"schema": schema}}}
