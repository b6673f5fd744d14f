from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "parley.lists"
    label = "lists"
    verbose_name = "Lists"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from parley.lists import receivers  # noqa: F401 -- connects to the accounts layer's signals
