"""The employees half of the REST API (/api/v1/employees/, positions, departments, contracts)."""
