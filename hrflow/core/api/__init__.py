"""What every API package shares: scoped views, the error body, id filters."""
