"""Validate response bodies against the Mastodon OpenAPI description in ../shared/specs.

The spec lives outside the repository: PARLEY_SHARED overrides where. Without it the tests that
need it skip with a clear message, except under CI=true, where a missing spec is a failure.
"""

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from parley.mastodon_api.spec import spec_path


def require_spec() -> dict[str, Any]:
    path = spec_path()
    if not path.exists():
        message = f"Mastodon OpenAPI spec not found at {path} (set PARLEY_SHARED to the shared folder)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return _load(str(path))


@functools.cache
def _load(path: str) -> dict[str, Any]:
    # The generated spec writes `oneOf` for alternatives that overlap (a Quote also satisfies
    # ShallowQuote, which only requires `state`), so no body could ever match exactly one.
    # `anyOf` keeps the check that the body matches at least one of the documented shapes.
    text = Path(path).read_text().replace('"oneOf":', '"anyOf":')
    spec: dict[str, Any] = json.loads(text)
    return spec


@functools.cache
def _registry(path: str) -> Registry:
    return Registry().with_resource("spec", Resource(contents=_load(path), specification=DRAFT202012))


def _validator(*pointer: str) -> Draft202012Validator:
    """A validator for the schema at a JSON pointer into the spec, so that the spec's own
    "#/components/..." references resolve."""
    escaped = "/".join(part.replace("~", "~0").replace("/", "~1") for part in pointer)
    return Draft202012Validator({"$ref": f"spec#/{escaped}"}, registry=_registry(str(spec_path())))


def validate_entity(name: str, body: Any) -> None:
    """Validate `body` against components/schemas/<name>; raises with every problem listed."""
    require_spec()
    errors = list(_validator("components", "schemas", name).iter_errors(body))
    assert not errors, _describe(name, errors)


def _describe(what: str, errors: list[Any]) -> str:
    lines = [f"{what}: {len(errors)} schema error(s)"]
    for error in errors[:10]:
        lines.append(f"  at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}")
    return "\n".join(lines)


@functools.cache
def _operations(path: str) -> list[tuple[re.Pattern[str], str, str]]:
    spec = _load(path)
    found = []
    for template, item in spec["paths"].items():
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template.rstrip("/"))) + "/?$"
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((re.compile(regex), method, template))
    # Literal paths before templated ones: /accounts/lookup is not /accounts/{id}.
    found.sort(key=lambda op: op[2].count("{"))
    return found


def operation_for(method: str, url_path: str) -> str | None:
    """The spec's path template for a request, or None when the spec does not describe it."""
    spec_file = str(spec_path())
    for regex, op_method, template in _operations(spec_file):
        if op_method == method.lower() and regex.match(url_path):
            return template
    return None


def validate_response(method: str, url_path: str, status: int, body: Any) -> str | None:
    """Validate a response body against the operation's schema for its status code.

    Returns the matched path template (None when the spec has no such operation)."""
    spec = require_spec()
    template = operation_for(method, url_path)
    if template is None:
        return None
    operation = spec["paths"][template][method.lower()]
    response = operation.get("responses", {}).get(str(status))
    if response is None:
        raise AssertionError(f"{method} {template}: status {status} is not in the spec")
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return template
    pointer = (
        "paths",
        template,
        method.lower(),
        "responses",
        str(status),
        "content",
        "application/json",
        "schema",
    )
    errors = list(_validator(*pointer).iter_errors(body))
    assert not errors, _describe(f"{method} {template} {status}", errors)
    return template
