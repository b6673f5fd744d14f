from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operator runs to keep the instance up and movable; it reads every domain below it."""

    name = "parley.operations"
    label = "operations"
    verbose_name = "Operations"
