"""Parley: a self-hostable microblogging network with moderation that works."""

__version__ = "0.1.0"
