from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo members and posts for `make run`: it calls the real actions, so it sits above them."""

    name = "parley.demo"
    label = "demo"
    verbose_name = "Demo data"
