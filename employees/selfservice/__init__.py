"""Self-service: an employee's own record, documents, skills, contract and contacts."""
