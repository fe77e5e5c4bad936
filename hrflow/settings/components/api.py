"""REST API settings (DRF, django-filter, drf-spectacular)."""
