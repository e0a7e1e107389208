"""三会一课 compliance: rules (no I/O), service, CLI."""
