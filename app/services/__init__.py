"""Use cases of BranchBook, one module per area."""
