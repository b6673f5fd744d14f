"""/health and /health/ready over HTTP: each check timed, 503 when one fails, open in maintenance."""

from collections.abc import Iterator
from unittest import mock

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client
from pytest_django.fixtures import Settings

from parley.operations.maintenance import forget_cached_mode, set_mode
from parley.operations.models import Mode


@pytest.fixture(autouse=True)
def _fresh_mode() -> Iterator[None]:
    forget_cached_mode()
    yield
    forget_cached_mode()


def test_liveness_answers_without_touching_the_database(django_assert_num_queries: object) -> None:
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("down")):
        response = Client().get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_readiness_times_every_check_and_answers_200_when_all_pass() -> None:
    response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "screening_model"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert isinstance(check["ms"], float) and check["ms"] >= 0


@pytest.mark.django_db(transaction=True)
def test_readiness_answers_503_naming_the_database_when_it_is_away() -> None:
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("refused")):
        response = Client(raise_request_exception=False).get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["database"]["ok"] is False and body["checks"]["database"]["error"]
    assert body["checks"]["screening_model"]["ok"] is True
    assert "refused" not in response.content.decode()  # the library never leaks the exception's text


@pytest.mark.django_db(transaction=True)
def test_readiness_names_a_screening_model_that_cannot_load(settings: Settings, tmp_path: object) -> None:
    settings.PARLEY_SCREENING_MODEL = "/nonexistent/model.joblib"
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["screening_model"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_health_stays_open_in_maintenance_and_is_never_rate_limited(settings: Settings) -> None:
    set_mode(mode=Mode.MAINTENANCE, message="Upgrading.")
    settings.PARLEY_API_RATE_LIMIT = 2
    client = Client()
    for _ in range(5):
        assert client.get("/health").status_code == 200
    assert client.post("/health").status_code == 405  # a read-only endpoint, not a refusal
    assert client.get("/local").status_code == 503
