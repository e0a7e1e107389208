"""All SQL lives here, one module per area; named parameters only; no app/, no Qt."""
