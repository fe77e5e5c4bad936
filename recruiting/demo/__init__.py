"""Dev-only: what `make demo` sets up on top of the seeded data. Live code never imports it
(import-linter forbids it)."""
