"""Frozen records returned by the repositories, one module per area (``db.records.roster`` …):
a quick command such as ``members list`` imports only its own area's records."""
