#!/usr/bin/env bash
# The one test command: lint, types, then the whole suite on SQLite and on PostgreSQL + Redis.
# PostgreSQL and Redis default to the local servers; without them the second pass is skipped,
# except under CI=true where it must run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PARLEY_FAST_PASSWORD_HASHER=1
export PARLEY_DATA_DIR="${PARLEY_TEST_DATA_DIR:-$(mktemp -d)}"
# The screening encoder's int8 build is derived from the installed package and the committed
# delta (its file name hashes both): every pass and every server a test starts can share it.
export PARLEY_SCREENING_CACHE_DIR="${PARLEY_SCREENING_CACHE_DIR:-$PWD/var/screening}"
PG_URL="${PARLEY_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${PARLEY_TEST_REDIS_URL:-redis://127.0.0.1:6379/1}"

echo "== ruff"
$BIN/ruff check parley tests bench scripts
$BIN/ruff format --check parley tests bench scripts
echo "== mypy"
$BIN/mypy parley
echo "== import layers (docs/architecture.md)"
$BIN/lint-imports

echo "== pytest on SQLite"
$BIN/pytest "$@"

services_up() {
  $BIN/python - "$PG_URL" "$REDIS_URL" <<'PY'
import sys
import psycopg
import redis
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
    redis.Redis.from_url(sys.argv[2], socket_connect_timeout=3).ping()
except Exception as exc:
    print(f"unavailable: {exc}")
    sys.exit(1)
PY
}

# A live-server thread can still hold a connection when pytest tears down, which leaves the
# per-run test database behind; drop it (FORCE ends such sessions) whatever the outcome.
drop_test_database() {
  $BIN/python - "$PG_URL" "parley_test_$$" <<'PY' || true
import sys
import psycopg
with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
PY
}

if services_up; then
  echo "== pytest on PostgreSQL ($PG_URL) with the Redis cache ($REDIS_URL)"
  trap drop_test_database EXIT
  DATABASE_URL="$PG_URL" CACHE_URL="rediscache://${REDIS_URL#redis://}" PARLEY_REQUIRE_POSTGRES=1 \
    PARLEY_TEST_DATABASE_NAME="parley_test_$$" $BIN/pytest --create-db "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL or Redis is not reachable, and CI=true requires them." >&2
  exit 1
else
  echo "== PostgreSQL or Redis not reachable: skipping the PostgreSQL pass (set CI=true to require it)"
fi
