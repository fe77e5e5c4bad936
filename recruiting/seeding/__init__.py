"""Seed data for demos and benchmarks: `python manage.py seed` (see builder.py)."""
