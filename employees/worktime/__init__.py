"""Working time: the holiday calendar, shifts and rotations, each employee's working-hour
system, and what the plan says for any employee on any day (docs/TIME.md)."""
