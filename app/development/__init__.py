"""Member development (发展党员): rules (no I/O), service, checks, CLI."""
