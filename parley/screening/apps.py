from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "parley.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from parley.screening import checks  # noqa: F401 -- registers the system checks
