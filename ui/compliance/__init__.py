"""三会一课落实: the compliance page."""
