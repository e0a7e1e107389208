"""The member roster: rules (no I/O), service, Excel, CLI."""
