"""The annual submission bundle: keys, the BBX1 file, its payload and checklist."""
