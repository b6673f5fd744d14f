"""The API rate limit: per real token, else per client address (a made-up header buys nothing)."""

import secrets

import pytest
from django.test import Client

from parley.mastodon_api.actions import create_token


@pytest.mark.django_db
def test_random_authorization_headers_spend_the_address_budget(settings) -> None:
    settings.PARLEY_API_RATE_LIMIT = 300
    settings.PARLEY_API_RATE_WINDOW = 10**9  # the fixed window must not turn during the test
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = []
    for n in range(400):
        scheme = ("Basic", "Bearer", "Token", "")[n % 4]
        statuses.append(
            client.get("/api/v1/instance", headers={"Authorization": f"{scheme} {secrets.token_hex(8)}"}).status_code
        )
    assert 429 not in statuses[:300]  # a made-up bearer token answers 401, the others 200
    assert statuses[300:] == [429] * 100
    # Another address still has its own budget.
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/instance").status_code == 200


@pytest.mark.django_db
def test_a_real_token_has_its_own_budget_apart_from_its_address(make_member, settings) -> None:
    settings.PARLEY_API_RATE_LIMIT = 3
    settings.PARLEY_API_RATE_WINDOW = 10**9
    make_member("alice")
    token = create_token(username="alice", scopes=["read"])
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.get("/api/v1/instance").status_code for _ in range(4)] == [200, 200, 200, 429]
    member = {"Authorization": f"Bearer {token}"}
    assert [client.get("/api/v1/instance", headers=member).status_code for _ in range(4)] == [200, 200, 200, 429]
