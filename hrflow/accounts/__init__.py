"""Users, roles and the scoping helper every other app filters its querysets with."""
