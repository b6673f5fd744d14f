"""`parley`: the operator's command. Wraps Django management and runs the production server."""

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    if args and args[0] == "serve":
        serve(args[1:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parley", *args])


def serve(args: list[str]) -> None:
    """Migrate, collect static files and run gunicorn (WhiteNoise serves the static files)."""
    parser = argparse.ArgumentParser(prog="parley serve", description="Run Parley's web server.")
    parser.add_argument("--host", default=os.environ.get("PARLEY_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PARLEY_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("PARLEY_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("PARLEY_THREADS", "4")))
    parser.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    options = parser.parse_args(args)

    import django
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    django.setup()
    # Refuse to serve with screening that cannot run (see moderation/checks.py).
    try:
        call_command("check")
    except SystemCheckError as exc:
        sys.exit(str(exc))
    if not options.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Build the screening encoder's int8 model once per instance now, so no worker pays for it.
    from parley.screening.encoder.runtime import build_if_missing

    build_if_missing()
    print(f"Parley is running at http://{options.host}:{options.port}", flush=True)
    gunicorn_args = [
        sys.executable,
        "-m",
        "gunicorn",
        "parley.wsgi:application",
        "--bind",
        f"{options.host}:{options.port}",
        "--workers",
        str(options.workers),
        "--threads",
        str(options.threads),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
        "--preload",
    ]
    # Replace this process so signals from a supervisor reach gunicorn directly.
    os.execv(sys.executable, gunicorn_args)  # noqa: S606 -- fixed argv, no shell
