from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class PostsConfig(AppConfig):
    name = "parley.posts"
    label = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        from parley.posts import receivers  # noqa: F401 -- connects to the accounts layer's signals

        post_migrate.connect(_ensure_search_index, sender=self)


def _ensure_search_index(*, using: str = "default", **kwargs: Any) -> None:
    from parley.posts.search import ensure_search_index

    ensure_search_index(connections[using])
