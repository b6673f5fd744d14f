"""Every table of every installed app, in dependency order, with values as portable JSON."""

import base64
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateField, Field, JSONField, Model
from django.utils.duration import duration_string

JsonValue = None | bool | int | float | str | list[object] | dict[str, object]


def backed_up_models(registry: Apps) -> list[type[Model]]:
    """Concrete tables (many-to-many tables included), parents before the rows that point to them."""
    models = [
        model
        for model in registry.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return dependency_order(models)


def dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    """A topological order by foreign keys; a cycle (or a self-reference) is broken by label order:
    foreign keys are checked at commit, so the order only has to be stable, not strict."""
    by_label = {model._meta.label: model for model in models}
    ordered: list[type[Model]] = []
    seen: set[str] = set()

    def visit(model: type[Model], path: set[str]) -> None:
        label = model._meta.label
        if label in seen or label in path:
            return
        path.add(label)
        for field in model._meta.concrete_fields:
            target = field.related_model
            concrete = target._meta.concrete_model if target is not None and not isinstance(target, str) else None
            if field.is_relation and concrete is not None:
                target_label = concrete._meta.label
                if target_label in by_label:
                    visit(by_label[target_label], path)
        path.discard(label)
        seen.add(label)
        ordered.append(model)

    for label in sorted(by_label):
        visit(by_label[label], set())
    return ordered


def member_name(model: type[Model]) -> str:
    return f"data/{model._meta.label_lower}.jsonl"


def column_names(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def encode(field: Field[object, object], value: object) -> JsonValue:
    """A field's Python value as JSON that `decode` turns back into the same value."""
    if value is None or isinstance(field, JSONField):
        return value  # type: ignore[return-value]  # a JSONField's value is JSON already
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{field.model._meta.label}.{field.name}: cannot write a {type(value).__name__}")


def decode(field: Field[object, object], value: JsonValue) -> object:
    if value is None or isinstance(field, JSONField):
        return value
    if isinstance(value, str) and field.get_internal_type() == "BinaryField":
        return base64.b64decode(value)
    return field.to_python(value)


def read_rows(model: type[Model], *, using: str) -> Iterator[list[JsonValue]]:
    """Every row of a table in primary-key order, each as a list of JSON values (column order)."""
    fields = model._meta.concrete_fields
    rows = model._base_manager.using(using).order_by("pk").values_list(*column_names(model))
    for row in rows.iterator(chunk_size=2000):
        yield [encode(field, value) for field, value in zip(fields, row, strict=True)]


@contextmanager
def stored_values_kept(model: type[Model]) -> Iterator[None]:
    """Insert rows as they were: auto_now / auto_now_add would stamp the time of the restore."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for field in model._meta.concrete_fields
        if isinstance(field, DateField) and (field.auto_now or field.auto_now_add)
    ]
    for field, _now, _add in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in stamped:
            field.auto_now, field.auto_now_add = now, add


@contextmanager
def extra_database(alias: str, settings_dict: dict[str, object]) -> Iterator[str]:
    """A database connection that exists only for the duration of the block (a snapshot, a scratch
    database for `backup verify`), under its own alias."""
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), alias: dict(settings_dict)}
    )
    connections.settings[alias] = configured[alias]
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def sqlite_settings(path: str) -> dict[str, object]:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
