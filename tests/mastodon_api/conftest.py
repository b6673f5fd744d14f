from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.mastodon_api.actions import create_token
from parley.screening.records import ScreeningVerdict


class ApiClient:
    """The Django test client with a bearer token, answering decoded JSON."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, data: Any = None, *, json: bool = False, **headers: str) -> Any:
        call = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if json:
            kwargs["content_type"] = "application/json"
        elif method.upper() in ("PUT", "PATCH", "DELETE") and isinstance(data, dict):
            from urllib.parse import urlencode

            data = urlencode(data, doseq=True)
            kwargs["content_type"] = "application/x-www-form-urlencoded"
        return call(path, data, **kwargs) if data is not None else call(path, **kwargs)

    def get(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.request("GET", path, data, **headers)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", path, data, **kwargs)

    def put(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self.request("PUT", path, data, **kwargs)

    def patch(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self.request("PATCH", path, data, **kwargs)

    def delete(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self.request("DELETE", path, data, **kwargs)


@pytest.fixture(autouse=True)
def _publish_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the API, not the classifier: screening publishes unless a test
    sets a verdict itself (the screening pipeline has its own tests)."""
    import parley.accounts.actions as account_actions
    import parley.posts.actions as post_actions

    def publish(**_kwargs: object) -> ScreeningVerdict:
        return ScreeningVerdict(decision="publish")

    monkeypatch.setattr(post_actions, "screen_content", publish)
    monkeypatch.setattr(account_actions, "screen_content", publish)


@pytest.fixture
def api_for(db: None) -> Callable[..., ApiClient]:
    def make(user: User | None, scopes: str = "read write follow push") -> ApiClient:
        token = create_token(username=user.username, scopes=scopes.split()) if user is not None else None
        return ApiClient(token)

    return make
