"""Fuzzing: schemathesis generates requests from the Mastodon OpenAPI description for every
operation Parley implements and sends them to a running Parley; none may answer 5xx.

Bounded: a few examples per operation, so the whole run stays well under two minutes.
"""

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from parley.accounts.actions import create_member
from parley.mastodon_api.actions import create_token
from parley.mastodon_api.management.commands.api_doc import _normalise, parley_operations
from tests.mastodon_api.openapi import require_spec, spec_path

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extra")
EXAMPLES_PER_OPERATION = 6


@pytest.mark.slow
def test_implemented_operations_never_answer_5xx(live_server: Any, settings: Any, transactional_db: None) -> None:
    require_spec()
    settings.PARLEY_DOMAIN = urlsplit(live_server.url).netloc
    settings.PARLEY_API_RATE_LIMIT = 1_000_000
    member = create_member(username="fuzzer", email="fuzzer@example.org", password="correct-horse-battery")
    create_member(username="target", email="target@example.org", password="correct-horse-battery")
    token = create_token(username=member.username, scopes=["read", "write", "follow", "push"])

    ours = parley_operations()
    spec = json.loads(spec_path().read_text().replace('"oneOf":', '"anyOf":'))
    schema = schemathesis.openapi.from_dict(spec).include(
        func=lambda ctx: ctx.operation.method.lower() in ours.get(_normalise(ctx.operation.path), {})
    )
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    failures: list[str] = []
    tried = 0
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        tried += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def send(case: Any) -> None:
            response = case.call(base_url=live_server.url, session=session, timeout=30)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
            )

        try:
            send()
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert tried >= 60, f"only {tried} operations fuzzed"
    assert sum(statuses.values()) >= 2 * tried, statuses
    print(f"fuzzed {tried} operations, answers by status: {sorted(statuses.items())}")
    assert not failures, "\n".join(failures)
