"""The REST API under /api/v1/: thin views over recruiting services and selectors."""
