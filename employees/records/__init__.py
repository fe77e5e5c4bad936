"""Employee records for HR and managers: the list, the employee page, dated changes."""
