"""The committee's window and dialogs."""
