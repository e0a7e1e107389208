"""Party dues (党费): model, rules (no I/O), service, reports, CLI."""
