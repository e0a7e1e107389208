"""The annual bundle, the branch key and the committee's notices."""
