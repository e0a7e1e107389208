"""Widgets, models and dialogs every area's UI shares."""
