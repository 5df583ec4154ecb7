"""Names for hand-written SQL: tables and columns always come from the models' ``_meta``, values
are always parameters."""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, Model


def column(model: type[Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    assert isinstance(field, Field), f"{model.__name__}.{field_name} n'est pas une colonne"
    return connection.ops.quote_name(str(field.column))


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)
