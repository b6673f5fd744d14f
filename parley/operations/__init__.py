"""Keeping an instance alive and movable: backup and restore, maintenance mode, health, members' data."""
