"""The instance's extended description, rules and translation languages, checked against the spec."""

import pytest
from django.conf import settings

from tests.mastodon_api.openapi import validate_response

pytestmark = pytest.mark.django_db


def test_the_extended_description_holds_the_description_and_the_rules(api_for) -> None:
    answer = api_for(None).get("/api/v1/instance/extended_description")
    assert answer.status_code == 200
    body = answer.json()
    validate_response("GET", "/api/v1/instance/extended_description", 200, body)
    assert settings.PARLEY_INSTANCE_NAME in body["content"]
    rules = api_for(None).get("/api/v1/instance/rules").json()
    assert rules and all(rule["text"] in body["content"] for rule in rules)
    assert "<script" not in body["content"]


def test_the_rules_are_the_content_policy_categories(api_for) -> None:
    answer = api_for(None).get("/api/v1/instance/rules")
    assert answer.status_code == 200
    validate_response("GET", "/api/v1/instance/rules", 200, answer.json())
    assert [rule["id"] for rule in answer.json()] == [str(n) for n in range(1, len(answer.json()) + 1)]


def test_translation_languages_are_honestly_none(api_for, make_member) -> None:
    for api in (api_for(None), api_for(make_member())):
        answer = api.get("/api/v1/instance/translation_languages")
        assert answer.status_code == 200 and answer.json() == {}
