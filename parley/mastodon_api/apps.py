from django.apps import AppConfig


class MastodonApiConfig(AppConfig):
    name = "parley.mastodon_api"
    label = "mastodon_api"
    default_auto_field = "django.db.models.BigAutoField"
