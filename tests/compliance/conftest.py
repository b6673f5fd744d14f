"""Compliance tests drive each requirement through HTTP as a member, moderator or visitor would."""

from collections.abc import Callable

import pytest
from django.test import Client


@pytest.fixture
def browser() -> Callable[..., Client]:
    """A browser signed in as `member`, or anonymous (CSRF refusals are tested in tests/web)."""

    def open_as(member: object = None) -> Client:
        client = Client()
        if member is not None:
            client.force_login(member)  # type: ignore[arg-type]
        return client

    return open_as


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
