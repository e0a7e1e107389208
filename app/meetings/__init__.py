"""The work record (党支部工作记录): model, rules (no I/O), service, JSON, CLI."""
