import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_requested_database() -> None:
    """Guards the PostgreSQL pass of `make test`: it must really run on PostgreSQL."""
    if os.environ.get("PARLEY_REQUIRE_POSTGRES"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"sqlite", "postgresql"}
