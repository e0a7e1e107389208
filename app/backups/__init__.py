"""Backups that restore: automatic ones rotated, a second copy elsewhere, restore."""
