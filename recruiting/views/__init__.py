"""HR pages of recruiting: thin views over selectors (reads) and services (writes)."""
