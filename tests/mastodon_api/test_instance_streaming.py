"""No streaming API yet: the instance does not advertise one that a client would retry forever."""

import pytest
from django.test import Client

from tests.mastodon_api.openapi import validate_response


@pytest.mark.django_db
def test_v2_instance_names_no_streaming_url() -> None:
    body = Client().get("/api/v2/instance").json()
    validate_response("GET", "/api/v2/instance", 200, body)
    assert body["configuration"]["urls"]["streaming"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/streaming", "/api/v1/streaming/", "/api/v1/streaming/health", "/api/v1/streaming/user"]
)
def test_the_v1_streaming_base_answers_501_on_every_streaming_path(path: str) -> None:
    base = Client().get("/api/v1/instance").json()["urls"]["streaming_api"]
    assert base.startswith(("ws://", "wss://"))
    response = Client().get(path, {"stream": "public"})
    assert response.status_code == 501
    assert "streaming" in response.json()["error"]
