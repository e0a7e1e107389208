"""The branch profile, party groups and the committee: rules (no I/O), service, CLI."""
