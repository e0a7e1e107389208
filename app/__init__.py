"""BranchBook core: domain rules, services, CLI. No Qt here."""

__version__ = "0.1.0"
