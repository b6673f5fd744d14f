"""`parley check --deploy` in the production profile, run as an operator runs it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PARLEY = Path(sys.executable).with_name("parley")


def deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PARLEY_", "DJANGO_")) and key not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")
    }
    env.update(
        PARLEY_DATA_DIR=str(tmp_path),
        PARLEY_DOMAIN="parley.example.org",
        SECRET_KEY=secrets.token_urlsafe(60),
        **extra,
    )
    return subprocess.run(
        [str(PARLEY), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_production_profile_passes_the_deploy_check(tmp_path: Path) -> None:
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.mark.slow
def test_turning_on_the_password_grant_is_reported(tmp_path: Path) -> None:
    result = deploy_check(tmp_path, PARLEY_OAUTH_PASSWORD_GRANT="true")
    assert result.returncode != 0
    assert "oauth2_provider.W002" in result.stdout + result.stderr
