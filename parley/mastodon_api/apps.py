from django.apps import AppConfig


class MastodonApiConfig(AppConfig):
    name = "parley.mastodon_api"
    label = "mastodon_api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from parley.mastodon_api import receivers  # noqa: F401 -- connects the receivers
