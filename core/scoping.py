"""The one establishment-scoping policy: who sees the rows of which establishment.

* a superuser sees every establishment;
* an active staff member attached to an establishment sees that establishment's rows only;
* anybody else sees nothing.

Each app registers, for each of its models, how a row belongs to an establishment (``register``,
called from its ``AppConfig.ready``). Every admin and every selector that lists rows for the
secretariat goes through ``scope_queryset`` / ``object_in_scope``: objects outside the scope are
simply absent, so Django answers "n'existe pas" for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet

Rule = Callable[[int], Q]


@dataclass(frozen=True)
class Scope:
    """``everything`` for a superuser; else the establishment id (``None``: sees nothing)."""

    everything: bool = False
    establishment_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.establishment_id is None


EVERYTHING = Scope(everything=True)
NOTHING = Scope()

_RULES: dict[type[Model], Rule] = {}
# Models whose rows carry ``establishment_id`` themselves: checking one object costs no query.
_DIRECT: set[type[Model]] = set()


def _direct_rule(establishment_id: int) -> Q:
    return Q(establishment_id=establishment_id)


def register(model: type[Model], rule: Rule | None = None) -> None:
    """``rule(establishment_id) -> Q`` selects the model's rows of that establishment; without a
    rule the model has an ``establishment`` foreign key of its own."""
    if rule is None:
        _DIRECT.add(model)
        rule = _direct_rule
    _RULES[model] = rule


def is_scoped(model: type[Model]) -> bool:
    return model in _RULES


def scoped_models() -> list[type[Model]]:
    return list(_RULES)


def scope_of(user: Any) -> Scope:
    if not getattr(user, "is_active", False):
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    if user.is_staff and user.establishment_id:
        return Scope(establishment_id=user.establishment_id)
    return NOTHING


def establishment_q(model: type[Model], establishment_id: int) -> Q:
    """The rows of ``model`` that belong to the establishment."""
    return _RULES[model](establishment_id)


def scope_queryset(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Restricts ``queryset`` to what ``user`` may see. A model nobody registered is refused
    rather than shown: an unscoped list is a leak."""
    model = queryset.model
    if model not in _RULES:
        raise LookupError(
            f"{model._meta.label} n'a pas de règle de périmètre (core.scoping.register)."
        )
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.establishment_id is None:
        return queryset.none()
    return queryset.filter(_RULES[model](scope.establishment_id))


def object_in_scope(user: Any, obj: Model | None, *, memo: dict[Any, bool] | None = None) -> bool:
    """Whether ``user`` may see ``obj`` (``None`` and unscoped models: yes). ``memo`` keeps the
    answers of one request: admin permission checks run several times per page."""
    if obj is None or type(obj) not in _RULES:
        return True
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.establishment_id is None:
        return False
    model = type(obj)
    if model in _DIRECT:
        return getattr(obj, "establishment_id", None) == scope.establishment_id
    if model._meta.model_name == "establishment":
        return obj.pk == scope.establishment_id
    key = (model._meta.label_lower, obj.pk)
    if memo is not None and key in memo:
        return memo[key]
    visible = (
        model._default_manager.filter(pk=obj.pk)
        .filter(_RULES[model](scope.establishment_id))
        .exists()
    )
    if memo is not None:
        memo[key] = visible
    return visible
