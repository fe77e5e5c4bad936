"""Made-up employees for demos and benchmarks (dev only: no live code imports this)."""
