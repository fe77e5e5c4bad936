"""Recruiting writes, one module per sub-domain (import from the module itself)."""
