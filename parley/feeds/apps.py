from django.apps import AppConfig
from django.core import checks


class FeedsConfig(AppConfig):
    name = "parley.feeds"
    label = "feeds"
    verbose_name = "Home feeds"

    def ready(self) -> None:
        from parley.feeds import receivers  # noqa: F401 -- connects to the posts and accounts signals
        from parley.feeds.checks import check_feed_store

        checks.register(check_feed_store)
