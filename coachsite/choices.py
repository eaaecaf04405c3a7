"""Django choices made from the coaching vocabulary, so a value and its label are written once."""

from enum import StrEnum

from django.db import models


def text_choices(terms: type[StrEnum], *, module: str) -> type[models.TextChoices]:
    """A `TextChoices` with the names, values and labels of `terms`, defined in `module`.

    `terms` is an enum whose members carry a `label`, as `coaching.vocabulary`'s do. Use it
    as ``Goal = text_choices(vocabulary.Goal, module=__name__)``: the new class takes the
    enum's name, and `module` lets it be found where it is assigned (pickling, introspection).
    """
    return models.TextChoices(
        terms.__name__,
        [(term.name, (term.value, term.label)) for term in terms],
        module=module,
        qualname=terms.__name__,
    )
