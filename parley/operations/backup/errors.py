class BackupError(Exception):
    """A backup, restore or verification that cannot go on; the message names what failed."""
