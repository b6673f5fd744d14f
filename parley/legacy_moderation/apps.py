from django.apps import AppConfig


class LegacyModerationConfig(AppConfig):
    """The migration history of the tables that `screening` and `safety` now own.

    Until the two were split, one app (label `moderation`) held both. Its migrations stay, under
    the same label, so that a database created before the split upgrades in place: the last one
    hands the models over to the new apps without touching a table.
    """

    name = "parley.legacy_moderation"
    label = "moderation"
    verbose_name = "Moderation (migration history)"
