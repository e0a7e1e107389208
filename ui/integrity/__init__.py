"""Tamper evidence and encryption: the check on its thread, the log, the idle lock, unlock."""
