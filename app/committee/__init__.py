"""The committee's side: its keys, enrolled branches, received bundles, grades and notices."""
