from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "parley.safety"
    label = "safety"
    verbose_name = "Trust and safety"

    def ready(self) -> None:
        from parley.safety import receivers  # noqa: F401 -- connects to the lower layers' signals
