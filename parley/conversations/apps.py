from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "parley.conversations"
    label = "conversations"
    verbose_name = "Conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from parley.conversations import receivers  # noqa: F401 -- connects to the posts layer's signals
