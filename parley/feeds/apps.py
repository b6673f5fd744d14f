from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "parley.feeds"
    label = "feeds"
    verbose_name = "Home feeds"

    def ready(self) -> None:
        from parley.feeds import receivers  # noqa: F401 -- connects to the posts and accounts signals
