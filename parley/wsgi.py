import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the screening model and rules before the first post, not during it.

    `parley serve` preloads this module in gunicorn's master, so workers share the loaded
    model; the database connection used here is closed before the workers fork.
    """
    from django.db import connections

    from parley.screening.pipeline import screen_text

    try:
        screen_text("Parley is starting.")
    except Exception:  # a server must still start (e.g. before `migrate`); the first post warms up
        logging.getLogger("parley").warning("Screening warm-up failed", exc_info=True)
    finally:
        connections.close_all()


if os.environ.get("PARLEY_WARM_UP", "1") == "1":
    _warm_up()
