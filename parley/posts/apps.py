from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "parley.posts"
    label = "posts"
    verbose_name = "Posts"
