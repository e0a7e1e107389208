"""Tamper evidence and the operator: verify the file, checkpoints signed with the branch key."""
