"""Instance, discovery, CORS, rate limits and error shapes."""

import pytest
from django.test import Client

from tests.mastodon_api.openapi import validate_response


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/instance", "/api/v1/instance/", "/api/v2/instance", "/api/v2/instance/"])
def test_instance_answers_with_and_without_trailing_slash(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    body = response.json()
    validate_response("GET", path, 200, body)
    major, _minor, _patch = body["version"].split(" ")[0].split(".")
    assert int(major) >= 4 and "Parley" in body["version"]


@pytest.mark.django_db
def test_v2_instance_reports_api_versions_and_limits(settings) -> None:
    body = Client().get("/api/v2/instance").json()
    assert body["api_versions"]["mastodon"] >= 1
    assert body["configuration"]["statuses"]["max_characters"] == settings.PARLEY_POST_MAX_CHARS


@pytest.mark.django_db
def test_rules_emojis_trends_nodeinfo() -> None:
    client = Client()
    rules = client.get("/api/v1/instance/rules").json()
    validate_response("GET", "/api/v1/instance/rules", 200, rules)
    assert rules and all(isinstance(r["id"], str) for r in rules)
    assert client.get("/api/v1/custom_emojis").json() == []
    validate_response("GET", "/api/v1/trends/tags", 200, client.get("/api/v1/trends/tags").json())
    discovery = client.get("/.well-known/nodeinfo").json()
    assert discovery["links"][0]["href"].endswith("/nodeinfo/2.0")
    assert client.get("/nodeinfo/2.0").json()["software"]["name"] == "parley"
    metadata = client.get("/.well-known/oauth-authorization-server").json()
    assert metadata["token_endpoint"].endswith("/oauth/token")
    assert "read:statuses" in metadata["scopes_supported"]


@pytest.mark.django_db
def test_cors_preflight_and_headers() -> None:
    client = Client()
    preflight = client.options(
        "/api/v1/timelines/home",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    response = client.get("/api/v1/instance", headers={"Origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/about")


@pytest.mark.django_db
def test_rate_limit_headers_and_429(settings) -> None:
    settings.PARLEY_API_RATE_LIMIT = 3
    client = Client()
    answers = [client.get("/api/v1/instance") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["X-RateLimit-Limit"] == "3"
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert answers[0]["X-RateLimit-Reset"].endswith("Z")
    assert answers[3].json() == {"error": "Too many requests"}


@pytest.mark.django_db
def test_unknown_api_paths_and_methods_answer_json_errors() -> None:
    client = Client()
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Record not found"}
    wrong = client.delete("/api/v1/instance")
    assert wrong.status_code == 405
    assert "error" in wrong.json()
    bad_token = client.get("/api/v1/timelines/home", headers={"Authorization": "Bearer nope"})
    assert bad_token.status_code == 401
    assert bad_token.json() == {"error": "The access token is invalid"}
