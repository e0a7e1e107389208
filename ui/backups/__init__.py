"""Backups: restoring from one."""
