"""`/health` (the process answers) and `/health/ready` (what it depends on answers), timed.

The checks are django-health-check `HealthCheck`s: the library times each one, bounds it with a
timeout and turns any exception into a failure without leaking its text. Its own database check
is used as it is; the cache, the task queue and the screening model need Parley's own: the cache
falls back to memory when Redis is away (core/cache.py), so its probe asks Redis itself.
"""

import asyncio
import dataclasses
import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable

from parley.core.cache import FailOpenRedisCache

PROBE_KEY = "parley:health:probe"


@dataclasses.dataclass
class DatabaseReachable(Database):
    """The library's probe (SELECT 1 on a fresh connection), without the driver's message: a
    PostgreSQL error names the host and port, and this answer may be public."""

    def run(self) -> None:
        try:
            super().run()
        except ServiceUnavailable as exc:
            raise ServiceUnavailable("The database does not answer") from exc


@dataclasses.dataclass
class CacheReachable(HealthCheck):
    alias: str = "default"

    def run(self) -> None:
        cache = caches[self.alias]
        if isinstance(cache, FailOpenRedisCache):
            if not cache.redis_answers():
                raise ServiceUnavailable("Redis does not answer; each process counts on its own")
            return
        cache.set(PROBE_KEY, "ok", timeout=30)
        if cache.get(PROBE_KEY) != "ok":
            raise ServiceUnavailable("The cache does not keep what it is given")


@dataclasses.dataclass
class TaskQueueReachable(HealthCheck):
    """The database queue answers; the in-process default has nothing to reach."""

    def run(self) -> None:
        from django_tasks import default_task_backend
        from django_tasks_db.backend import DatabaseBackend

        if not isinstance(default_task_backend, DatabaseBackend):
            return
        from django_tasks_db.models import DBTaskResult

        try:
            DBTaskResult.objects.exists()
        finally:
            connections.close_all()  # this runs on a worker thread: give its connection back


@dataclasses.dataclass
class ScreeningModelLoads(HealthCheck):
    """Posting waits on screening; a model that cannot load holds every post."""

    timeout = datetime.timedelta(seconds=30)  # a process's first load imports scikit-learn

    def run(self) -> None:
        from parley.screening.classifier import MODEL_PATH, get_classifier

        try:
            get_classifier(Path(settings.PARLEY_SCREENING_MODEL or MODEL_PATH))
        except (OSError, ValueError, KeyError) as exc:
            raise ServiceUnavailable("The screening model cannot be loaded") from exc


CHECKS: dict[str, HealthCheck] = {
    "database": DatabaseReachable(),
    "cache": CacheReachable(),
    "queue": TaskQueueReachable(),
    "screening_model": ScreeningModelLoads(),
}


async def run_checks() -> dict[str, HealthCheckResult]:
    results = await asyncio.gather(*(check.get_result() for check in CHECKS.values()))
    return dict(zip(CHECKS, results, strict=True))


def report(results: dict[str, HealthCheckResult]) -> dict[str, object]:
    checks = {
        name: {"ok": result.error is None, "ms": round(result.time_taken * 1000, 1)}
        | ({"error": str(result.error)} if result.error is not None else {})
        for name, result in results.items()
    }
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "failing", "checks": checks}


@require_safe
def liveness(request: HttpRequest) -> JsonResponse:
    """The process answers: nothing else is touched, so a database outage does not restart it."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


@require_safe
async def readiness(request: HttpRequest) -> JsonResponse:
    body = report(await run_checks())
    response = JsonResponse(body, status=200 if body["status"] == "ok" else 503)
    add_never_cache_headers(response)
    return response
