"""The routes the URLconf serves, found by walking it: tests check every one, not a list."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from users.models import User

WRITE_METHODS = ("post", "put", "patch", "delete")
# The notes of the owner's result in the access tests' objects: only the owner's data says it.
OWNER_RESULT_NOTES = "Ana's own notes: the owner's result."
# Routes that look an object up by a slug, not a pk, and a slug that exists.
SLUGS = {"benchmark-detail": "fran"}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern
    namespace: str
    root: str

    @property
    def view_class(self) -> type:
        return self.pattern.callback.cls

    @property
    def methods(self) -> list[str]:
        actions = getattr(self.pattern.callback, "actions", None)
        if actions:  # a ViewSet route: the methods it maps to actions
            return sorted(actions)
        return [
            method
            for method in self.view_class.http_method_names
            if method not in ("options", "head", "trace") and hasattr(self.view_class, method)
        ]

    @property
    def kwarg_names(self) -> list[str]:
        return sorted(self.pattern.pattern.regex.groupindex)

    @property
    def model(self) -> type[Model] | None:
        queryset = getattr(self.view_class, "queryset", None)
        if queryset is not None:
            return queryset.model
        serializer = getattr(self.view_class, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        return getattr(meta, "model", None)

    def url(self, objects: dict[type[Model], Model], fallback: str | None = None) -> str:
        """The route's path, for `objects`' rows; `fallback` fills any other argument."""
        kwargs = {}
        for name in self.kwarg_names:
            if name == "pk" and self.model in objects:
                kwargs[name] = objects[self.model].pk
            elif name == "slug" and self.name in SLUGS:
                kwargs[name] = SLUGS[self.name]
            elif name == "app_label":
                kwargs[name] = "users"
            elif fallback is not None:
                kwargs[name] = fallback
            else:
                pytest.fail(f"No value for <{name}> of {self}: teach test_access.py about it")
        full_name = f"{self.namespace}:{self.name}" if self.namespace else self.name
        return reverse(full_name, kwargs=kwargs)

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern.pattern})"


def walk(patterns, namespace: str = "", root: str = "") -> Iterator[Route]:
    """Every named route; `root` is the pattern of its top-level entry in the URLconf."""
    for pattern in patterns:
        top = root or str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern.url_patterns, inner, top)
        elif pattern.name and "format" not in pattern.pattern.regex.groupindex:
            # The router's `.json` format-suffix twins behave as the routes they copy.
            yield Route(pattern.name, pattern, namespace, top)


def api_routes() -> list[Route]:
    return [
        route
        for route in walk(get_resolver().url_patterns)
        if route.root.startswith("api/") and hasattr(route.pattern.callback, "cls")
    ]


def admin_routes() -> list[Route]:
    return [route for route in walk(get_resolver().url_patterns) if route.namespace == "admin"]


def is_owned(model: type[Model] | None) -> bool:
    """A model whose rows belong to one athlete."""
    if model is None:
        return False
    if model is User:
        return True
    field = next((f for f in model._meta.fields if f.name == "user"), None)
    return field is not None and field.related_model is User


def call(client, method: str, url: str):
    return getattr(client, method)(url, {}, format="json") if method != "get" else client.get(url)


API_ROUTES = api_routes()
API_CALLS = [(route, method) for route in API_ROUTES for method in route.methods]
API_WRITES = [(route, method) for route, method in API_CALLS if method in WRITE_METHODS]


def call_id(value) -> str:
    return value.name if isinstance(value, Route) else value
