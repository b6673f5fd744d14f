from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "parley.feeds"
    label = "feeds"
    verbose_name = "Home feeds"
