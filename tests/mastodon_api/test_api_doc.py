"""docs/api.md is generated from the spec and the URL patterns, and kept up to date."""

from io import StringIO

from django.core.management import call_command

from parley.mastodon_api.management.commands.api_doc import parley_operations
from tests.mastodon_api.openapi import require_spec


def test_docs_api_md_is_up_to_date() -> None:
    require_spec()
    out = StringIO()
    call_command("api_doc", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_every_parley_operation_declares_its_scope_or_is_oauth() -> None:
    for path, methods in parley_operations().items():
        for method, view in methods.items():
            if path.startswith(("/api/",)):
                assert hasattr(view, "required_scopes"), f"{method} {path} has no @scope_required"
