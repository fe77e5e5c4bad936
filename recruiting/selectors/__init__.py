"""Recruiting reads: scoped querysets and page queries with a fixed number of SQL queries."""
