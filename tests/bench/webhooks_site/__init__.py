"""The site gunicorn serves in tests/bench/webhooks.py: our settings and URLs, plus a bare view."""
